// Structured data for a community thread: a QAPage (Question with its accepted and suggested
// answers) once someone has replied, a DiscussionForumPosting while nobody has. Plain data in,
// plain objects out; embed with serializeJsonLd from json-ld.ts.

export interface JsonLdPerson {
  name: string;
  /** Absent for a member who deleted their account (no profile). */
  url?: string;
}

export interface JsonLdPost {
  text: string;
  url: string;
  createdAt: number;
  upvotes: number;
  author: JsonLdPerson;
}

export interface JsonLdThread {
  title: string;
  url: string;
  inLanguage: string;
  question: JsonLdPost;
  /** Visible replies in the whole thread (not only this page). */
  answerCount: number;
  accepted: JsonLdPost | null;
  /** Other replies shown on this page. */
  suggested: JsonLdPost[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const person = (p: JsonLdPerson) => ({ '@type': 'Person', name: p.name, url: p.url });
/** Search engines show a snippet; a full 20,000-character post helps nobody. */
const clip = (text: string, max = 5_000) =>
  [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;

function answer(post: JsonLdPost) {
  return {
    '@type': 'Answer',
    text: clip(post.text),
    url: post.url,
    dateCreated: iso(post.createdAt),
    upvoteCount: post.upvotes,
    author: person(post.author),
  };
}

export function threadJsonLd(thread: JsonLdThread) {
  if (thread.answerCount === 0 && !thread.accepted) {
    return {
      '@context': 'https://schema.org',
      '@type': 'DiscussionForumPosting',
      headline: thread.title,
      text: clip(thread.question.text),
      url: thread.url,
      inLanguage: thread.inLanguage,
      datePublished: iso(thread.question.createdAt),
      author: person(thread.question.author),
      interactionStatistic: [
        {
          '@type': 'InteractionCounter',
          interactionType: 'https://schema.org/LikeAction',
          userInteractionCount: thread.question.upvotes,
        },
        { '@type': 'InteractionCounter', interactionType: 'https://schema.org/CommentAction', userInteractionCount: 0 },
      ],
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'QAPage',
    inLanguage: thread.inLanguage,
    mainEntity: {
      '@type': 'Question',
      name: thread.title,
      text: clip(thread.question.text),
      url: thread.url,
      answerCount: thread.answerCount,
      upvoteCount: thread.question.upvotes,
      dateCreated: iso(thread.question.createdAt),
      author: person(thread.question.author),
      ...(thread.accepted ? { acceptedAnswer: answer(thread.accepted) } : {}),
      ...(thread.suggested.length ? { suggestedAnswer: thread.suggested.map(answer) } : {}),
    },
  };
}
