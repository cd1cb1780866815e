// npm run build: builds the site into builds/<id>/ and switches `dist` to it (./builds.ts), so a
// running `npm start` in this folder keeps serving its own build undisturbed.
import { buildAndSwitch } from './builds.ts';

process.exit(buildAndSwitch(process.cwd()));
