/** The text of `.env.example`, from the declared variables: every one commented out, with its meaning and default. */
import { ENVIRONMENTS } from '../catalog/catalog.ts';
import { SECRET_VARIABLES, TEXT_VARIABLES, VARIABLES, credentialVariables, overrideVariables } from './variables.ts';

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
export function envExampleText(): string {
  const lines = [
    '# wink-smoke configuration. Copy to .env (git ignores it); the environment wins over .env.',
    '# Every variable is optional: the value shown is the default.',
    '',
    ...Object.entries(VARIABLES).flatMap(([name, variable]) => [
      `# ${sentence(variable.meaning)}`,
      `# ${name}=${variable.default}`,
      '',
    ]),
    ...Object.entries(TEXT_VARIABLES).flatMap(([name, meaning]) => [`# ${sentence(meaning)}`, `# ${name}=`, '']),
    '# Alert channels and the Pushgateway. Secrets: put real values in .env or CI secrets, never in this file.',
    '',
    ...Object.entries(SECRET_VARIABLES).flatMap(([name, meaning]) => [`# ${sentence(meaning)}`, `# ${name}=`, '']),
    '# OAuth client credentials for the authenticated ping (IAM token, then GET /reference-data/language/list on inventory).',
    '# Secrets: put real values in .env or CI secrets, never in this file. Without them the ping is skipped',
    '# (local makes up a client of its own for each run).',
    ...ENVIRONMENTS.flatMap((environment) => credentialVariables(environment).map((name) => `# ${name}=`)),
    '',
    '# Host URL overrides, <ENV>_<ID>_URL: point one host of staging or production elsewhere',
    '# (a preview deployment, a test server). Default: the catalog URL. An unknown ID stops the run.',
    ...overrideVariables().map((name) => `# ${name}=`),
    '',
  ];
  return lines.join('\n');
}
