/**
 * The status page's section on the next release: what staging's newest OpenAPI documents change
 * against production's, operation by operation, breaking changes marked. Integrators certify on
 * staging; this is what they must get ready for before it reaches production.
 */
import { describeChange } from '../../checks/openapi-diff.ts';
import type { DocumentChanges } from '../../history/openapi-history.ts';
import { escapeMarkup as escapeHtml } from './badge.ts';

export function releaseSection(changes: readonly DocumentChanges[] | undefined): string {
  if (changes === undefined) return '';
  const body =
    changes.length === 0
      ? "<p>Staging's newest documents match production's: the next release changes no operation.</p>"
      : changes
          .map(
            ({ host, path, changes: operations }) =>
              `<h3>${escapeHtml(host)} <code>${escapeHtml(path)}</code></h3><ul>${operations
                .map(
                  (change) =>
                    `<li class="${change.breaking ? 'breaking' : 'compatible'}">${escapeHtml(describeChange(change))}</li>`,
                )
                .join('')}</ul>`,
          )
          .join('');
  return `<section id="next-release"><h2>What the next release changes</h2><p class="note">Staging's newest OpenAPI documents against production's, as the runs read them.</p>${body}</section>`;
}
