/** Writes `.env.example` from the declared variables: `npm run env:example`. A unit test checks it is current. */
import fs from 'node:fs';
import path from 'node:path';
import { envExampleText } from '../src/config/env-example.ts';

fs.writeFileSync(path.resolve(import.meta.dirname, '..', '.env.example'), envExampleText());
