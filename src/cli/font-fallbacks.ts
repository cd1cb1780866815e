// npm run fonts:fallback — measure Vazirmatn and the system fonts it falls back to, and write
// the metric-matched fallback faces to src/styles/vazirmatn-fallback.css. Run it after updating
// @fontsource-variable/vazirmatn; tests/unit/fonts/fallback.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { vazirmatnFallbackCss } from '../lib/fonts/fallback.ts';

const target = new URL('../styles/vazirmatn-fallback.css', import.meta.url);
writeFileSync(target, await vazirmatnFallbackCss());
console.log(`Wrote ${target.pathname}`);
