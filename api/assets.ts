import { readFile } from 'node:fs/promises';

/**
 * The pages' one stylesheet: GOV.UK Frontend's compiled CSS (beside the bundle in Lambda, from
 * node_modules when run from source) without the GDS Transport font, which is licensed for
 * GOV.UK services only (Arial instead), and the crown's image; then the project's own few rules.
 */
const APP_CSS = `
.app-full-width{width:100%}
.app-secondary{color:#505a5f}
.app-break{overflow-wrap:anywhere}
.app-chart{display:block;width:100%;height:auto;margin-bottom:20px}
.govuk-service-navigation__container{flex-wrap:wrap;justify-content:space-between}
.app-sign-out{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin:10px 0}
.app-sign-out__button{margin-bottom:0}
.app-signed-in-as{margin:0;overflow-wrap:anywhere}
.govuk-footer__meta-custom{margin:0}
.app-address{font-family:Consolas,Menlo,monospace;font-size:16px}
.app-menu{display:none}
.app-menu__summary{display:inline-block;padding:10px 0;color:#1d70b8;font-size:19px;font-weight:700;cursor:pointer;text-decoration:underline;text-underline-offset:.1578em}
.app-menu__summary:focus{outline:3px solid transparent;color:#0b0c0c;background-color:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
@media (max-width:40.0525em){.app-menu{display:block}.app-menu--wide{display:none}}
.app-width-container--wide{max-width:1400px}
@media (min-width:63.75em){.app-width-container--wide{margin-right:30px;margin-left:30px}}
@media (min-width:91.25em){.app-width-container--wide{margin-right:auto;margin-left:auto}}
.app-tag--status{max-width:none}
@media (min-width:40.0625em){.app-nowrap time{white-space:nowrap}}
.app-stage-words{display:inline-block;margin:0 0 0 5px}
.app-more{margin:5px 0 0}
.app-more .govuk-details__text{padding-top:5px;padding-bottom:5px}
.app-more__list li{margin-bottom:10px}
.app-counts{width:auto;min-width:50%}
.app-inline-form{display:flex;flex-wrap:wrap;align-items:flex-end;gap:0 15px}
.app-chart--forecast{max-width:900px}
.app-chart--plan{max-width:1100px}
.app-block{display:block}
.app-book-visit{margin-top:10px}
.app-chart a:focus rect{stroke:#fd0;stroke-width:4}
@media (max-width:40.0525em){
  .app-table--stack thead{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;border:0!important}
  .app-table--stack tr{display:block;border-bottom:1px solid #b1b4b6;padding:10px 0}
  .app-table--stack td,.app-table--stack th[scope=row]{display:block;border:0;padding:2px 0;text-align:left}
  .app-table--stack td::before{content:attr(data-label) ": ";font-weight:700}
}
`;

let css: Promise<string> | null = null;

export function stylesheet(): Promise<string> {
  css ??= (async () => {
    for (const url of [
      new URL('./govuk-frontend.min.css', import.meta.url),
      new URL('../node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css', import.meta.url),
    ]) {
      try {
        const govuk = (await readFile(url, 'utf8'))
          .replace(/@font-face\{[^}]*\}/g, '')
          .replace(/GDS Transport,/g, '')
          .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
        return `${govuk}\n${APP_CSS}`;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    throw new Error('govuk-frontend.min.css is missing beside the bundle');
  })();
  return css;
}
