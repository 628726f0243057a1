/** Writes `.env.example` from the declared variables: `npm run env:example`. A unit test checks it is current. */
import fs from 'node:fs';
import path from 'node:path';
import { envExampleText } from '../src/config/env-example.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  script: 'env:example',
  usage: 'usage: npm run env:example',
  summary: 'Writes .env.example from the variables the suite declares.',
  options: {},
});

fs.writeFileSync(path.resolve(import.meta.dirname, '..', '.env.example'), envExampleText());
