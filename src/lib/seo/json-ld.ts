// Structured data (schema.org) builders and the one safe way to embed them in HTML.

/** JSON for a <script type="application/ld+json">: `<`, `>`, `&` and line separators escaped so
 * no text (a writer's title, a user's name) can close the script element. */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface Crumb {
  name: string;
  url: string;
}

export function breadcrumbJsonLd(crumbs: readonly Crumb[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: crumb.url,
    })),
  };
}

export function articleJsonLd(article: {
  headline: string;
  description: string;
  url: string;
  inLanguage: string;
  dateModified: Date;
  publisher: string;
}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.headline,
    description: article.description,
    inLanguage: article.inLanguage,
    dateModified: article.dateModified.toISOString(),
    mainEntityOfPage: article.url,
    url: article.url,
    publisher: { '@type': 'Organization', name: article.publisher },
  };
}

export interface FaqItem {
  question: string;
  answer: string;
}

export function faqJsonLd(items: readonly FaqItem[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: items.map((item) => ({
      '@type': 'Question',
      name: item.question,
      acceptedAnswer: { '@type': 'Answer', text: item.answer },
    })),
  };
}

/** The site itself, on its home page in one language. */
export function websiteJsonLd(site: { name: string; url: string; inLanguage: string }) {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    url: site.url,
    inLanguage: site.inLanguage,
  };
}
