/**
 * What the emulated hosts serve: small single-page apps (an HTML shell, a JS bundle that renders
 * the page, a stylesheet), IAM's login page and discovery document, the APIs' springdoc groups and
 * their list, and the Elements CDN's assets.
 * Everything is derived from the catalog entry, so a new host is emulated without code here.
 */
import type { ApiHost, HostEntry, PublicDocument, StaticAsset } from '../src/catalog/hosts.ts';
import type { HostScenario } from '../src/config/scenario.ts';
import { documentBody, type ReleaseChange } from './documents.ts';

export const BUNDLE_PATH = '/assets/app.js';
export const STYLESHEET_PATH = '/assets/app.css';
/** Where an app that writes as it loads records its visitor's session (a POST with fetch). */
export const SESSION_PATH = '/api/session';
/** Where an app that writes as it loads sends its analytics beacon (`navigator.sendBeacon`, a POST). */
export const BEACON_PATH = '/collect';

/** One answer of an emulated host. */
export interface Answer {
  readonly status: number;
  readonly type?: string;
  /** Bytes as they are (a published document, served byte for byte), or text sent as UTF-8. */
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export const json = (status: number, value: unknown): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
});

export const html = (body: string): Answer => ({ status: 200, type: 'text/html; charset=utf-8', body });

/** What a sleeping platform's gateway says while the service behind it starts. */
export function sleepingAnswer(host: HostEntry): Answer {
  return {
    status: 503,
    type: 'text/plain; charset=utf-8',
    body: `${host.id} is starting, try again shortly\n`,
    headers: { 'retry-after': '5' },
  };
}

/**
 * Spring Boot Actuator's health answer: 503 for DOWN and OUT_OF_SERVICE, 200 otherwise (Spring's
 * default status mapping), with `component` in `status` and the rest UP.
 */
export function healthAnswer(status: string, component?: string): Answer {
  const components = Object.fromEntries(
    ['db', 'diskSpace', 'ping', 'readinessState'].map((name) => [name, { status: name === component ? status : 'UP' }]),
  );
  return json(status === 'DOWN' || status === 'OUT_OF_SERVICE' ? 503 : 200, { status, components });
}

/** The app's static files, served as they are whatever page is asked for. */
export function isAppAsset(pathname: string): boolean {
  return pathname === BUNDLE_PATH || pathname === STYLESHEET_PATH || pathname === '/favicon.ico';
}

/** The app's name as a visitor sees it: the first name of its docs row. */
function displayName(host: HostEntry): string {
  return host.docsName.split(' / ')[0] ?? host.id;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** The HTML shell; `extraScripts` are loaded too (a misconfigured build pointing at another environment, a third party's). */
export function appShell(host: HostEntry, extraScripts: readonly string[] = []): string {
  // Like a production SPA build: a static title and an empty root that the bundle fills.
  const extra = extraScripts.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>\n`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Wink ${escapeHtml(displayName(host))}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<script type="module" src="${BUNDLE_PATH}"></script>
${extra}</head>
<body><div id="root"></div></body>
</html>
`;
}

/**
 * `writes-on-load` renders as `renders` does, once it has sent an analytics beacon and recorded a
 * session with a POST whose acceptance it waits for (a page that cannot record its session stays
 * blank, and says why in an uncaught error), as analytics and session code do in real apps.
 */
export type BundleBehaviour = 'renders' | 'renders-nothing' | 'throws' | 'writes-on-load' | 'paints-late' | 'shifts';

/**
 * `paints-late`: a small header first, the page's largest content after this long (its LCP). A
 * self-test lowers SMOKE_LCP_POOR_MS below it; the check's 1.5 s wait for quiet vitals still sees it.
 */
export const LATE_PAINT_MS = 1_200;

/** After the first paint, how long `shifts` waits to insert a tall banner above the content. */
const SHIFT_AFTER_MS = 200;

/** The bundles of the web vitals faults: what a visitor sees first, and what comes later. */
function lateBundle(host: HostEntry, behaviour: 'paints-late' | 'shifts'): string {
  const name = escapeHtml(displayName(host));
  const first = `<header><strong>Wink</strong> ${name}</header>`;
  // Text fills the viewport: the largest contentful paint, once it is there.
  const big = `<main><h1 style="font-size:64px">${name}</h1><p style="font-size:32px;min-height:400px">${`Welcome to Wink ${name}. `.repeat(20)}</p></main>`;
  // An empty block, no text or image: it moves the content without being a paint candidate itself.
  // 640 px is half the width of Playwright's 1280 px viewport, CLS's denominator: a shift of 0.5.
  const banner = '<div style="height:640px;background:#fca311"></div>';
  const later =
    behaviour === 'paints-late'
      ? `setTimeout(() => root.insertAdjacentHTML('beforeend', ${JSON.stringify(big)}), ${LATE_PAINT_MS})`
      : `setTimeout(() => root.insertAdjacentHTML('afterbegin', ${JSON.stringify(banner)}), ${SHIFT_AFTER_MS})`;
  const initial = behaviour === 'paints-late' ? first : `${first}${big}`;
  return `const root = document.getElementById('root');
root.innerHTML = ${JSON.stringify(initial)};
// After a frame has painted, as a late image or an ad slot would.
requestAnimationFrame(() => ${later});
`;
}

export function appBundle(host: HostEntry, behaviour: BundleBehaviour): string {
  if (behaviour === 'paints-late' || behaviour === 'shifts') return lateBundle(host, behaviour);
  if (behaviour === 'renders-nothing') return `// ${host.id}: the build shipped an empty entry point\n`;
  if (behaviour === 'throws') {
    return `const settings = window.__WINK_SETTINGS__;
document.getElementById('root').textContent = settings.apiBaseUrl; // TypeError: settings is undefined
`;
  }
  const render = `const root = document.getElementById('root');
root.innerHTML = ${JSON.stringify(
    `<header><strong>Wink</strong> ${escapeHtml(displayName(host))}</header>` +
      `<main><h1>${escapeHtml(displayName(host))}</h1><p>Welcome to Wink ${escapeHtml(displayName(host))}.</p></main>`,
  )};
`;
  if (behaviour === 'renders') return render;
  return `navigator.sendBeacon(${JSON.stringify(BEACON_PATH)}, JSON.stringify({ event: 'page-view', app: ${JSON.stringify(host.id)} }));
const session = await fetch(${JSON.stringify(SESSION_PATH)}, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ app: ${JSON.stringify(host.id)}, startedAt: new Date().toISOString() }),
});
if (!session.ok) throw new Error(\`the session was not recorded: HTTP \${session.status}\`);
${render}`;
}

export const APP_STYLESHEET = `body { font-family: sans-serif; margin: 0; }
header { background: #14213d; color: #fff; padding: 12px 24px; }
main { padding: 24px; }
`;

export function loginPage(clientId: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to Wink</title></head>
<body>
<main>
<h1>Sign in to Wink</h1>
<p>Continue to ${escapeHtml(clientId)}</p>
<form method="post">
<label>Email <input name="username" type="email"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

/** An interactive API reference page, as inventory serves at `/scalar`. */
export function referencePage(host: HostEntry): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(displayName(host))} API reference</title></head>
<body><h1>${escapeHtml(displayName(host))} API reference</h1></body></html>
`;
}

/**
 * A springdoc group's document, as springdoc answers it: Wink's published one (or a stand-in,
 * `documents.ts`), with the scenario's release change when it has one.
 */
export function openapiAnswer(group: string, change?: ReleaseChange): Answer {
  return { status: 200, type: 'application/json', body: documentBody(group, change) };
}

/** springdoc's group list (`/v3/api-docs/swagger-config`): the UI's settings and every group's document. */
export function groupList(host: ApiHost, groups: readonly string[]): unknown {
  const documentsPath = host.openapiGroups?.documentsPath ?? '/v3/api-docs';
  return {
    configUrl: `${documentsPath}/swagger-config`,
    oauth2RedirectUrl: '/swagger-ui/oauth2-redirect.html',
    urls: groups.map((name) => ({ url: `${documentsPath}/${name}`, name })),
    validatorUrl: '',
  };
}

/** The groups an API serves, less those the scenario removed. */
function servedGroups(host: ApiHost, scenario: HostScenario): string[] {
  return (host.openapiGroups?.groups ?? []).filter((group) => !(scenario.removeGroups ?? []).includes(group));
}

/** An API's springdoc answers: its group list, and each served group's document with the scenario's release changes. */
export function springdocAnswer(host: ApiHost, url: URL, scenario: HostScenario): Answer | undefined {
  const groups = host.openapiGroups;
  if (!groups) return undefined;
  const served = servedGroups(host, scenario);
  if (url.pathname === groups.listPath) return json(200, groupList(host, served));
  if (!url.pathname.startsWith(`${groups.documentsPath}/`)) return undefined;
  const group = url.pathname.slice(groups.documentsPath.length + 1);
  // springdoc answers a group it does not have with 404: an old group name, or one removed.
  if (!served.includes(group)) return json(404, { status: 404, error: 'Not Found', path: url.pathname });
  if (scenario.failGroups?.includes(group))
    return json(500, { status: 500, error: 'Internal Server Error', path: url.pathname });
  if (scenario.invalidGroups?.includes(group)) return json(200, { swagger: 'broken', group });
  return openapiAnswer(group, scenario.operations?.group === group ? scenario.operations : undefined);
}

/** A static asset of the Elements CDN: a small script or stylesheet of the asset's type. */
export function assetAnswer(asset: StaticAsset): Answer {
  return asset.contentType === 'css'
    ? { status: 200, type: 'text/css; charset=utf-8', body: 'wink-search { display: block; }\n' }
    : {
        status: 200,
        type: 'text/javascript; charset=utf-8',
        body: "customElements.define('wink-search', class extends HTMLElement {});\n",
      };
}

/**
 * A public document the catalog names besides the springdoc groups: IAM's discovery document, or an
 * OpenAPI document, which is the group its path ends with (`/v3/api-docs/reference`).
 */
export function publicDocument(document: PublicDocument, host: HostEntry, ownUrl: string): Answer {
  if (document.format === 'openapi') return openapiAnswer(document.path.split('/').pop() ?? host.id);
  return json(200, {
    issuer: ownUrl,
    authorization_endpoint: `${ownUrl}/oauth2/authorize`,
    token_endpoint: `${ownUrl}/oauth2/token`,
    jwks_uri: `${ownUrl}/oauth2/jwks`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'inventory.read', 'inventory.write'],
  });
}
