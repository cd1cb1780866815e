// The writers' component kit, handed to every article so MDX files need no imports. Most
// articles are rendered with kit.ts at content-load time; these components render the rest.
import './kit.css';
import Callout from './Callout.astro';
import Steps from './Steps.astro';
import Tabs from './Tabs.astro';
import TabItem from './TabItem.astro';
import Kbd from './Kbd.astro';
import Figure from './Figure.astro';
import Video from './Video.astro';
import FAQ from './FAQ.astro';
import Table from './Table.astro';
import TableCell from './TableCell.astro';
import TableHeaderCell from './TableHeaderCell.astro';
import Pre from './Pre.astro';

export const mdxComponents = {
  Callout,
  Steps,
  Tabs,
  TabItem,
  Kbd,
  Figure,
  Video,
  FAQ,
  // Plain Markdown elements that need a wrapper to stay accessible when they scroll.
  table: Table,
  // Column alignment as a class: the inline style MDX writes is blocked by the CSP.
  th: TableHeaderCell,
  td: TableCell,
  pre: Pre,
};
