/**
 * What the printable reports (an ethics audit, a data breach) share: their stylesheet and their
 * tables. Read on paper and on a phone alike: at 390 px a label column of 10-16rem left the values
 * a third of the screen, and a four-column table was wider than the page (WCAG 1.4.10 reflow).
 * Under 36rem a label list puts each label above its value, and each table row becomes a block
 * whose cells carry their column's name.
 */
import { html, SafeHtml } from './html.ts';

/** The reports' stylesheet; `extra` adds a report's own rules (classes such as `.nc`, `.late`), before the phone and print ones. */
export function printableStyle(extra = ''): string {
  return `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0}
main{max-width:56rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
dl{display:grid;grid-template-columns:minmax(8rem,14rem) minmax(0,1fr);gap:.4rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;min-width:0;overflow-wrap:break-word}dd p{margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}caption{text-align:left}
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}td p{margin:0 0 .3rem}
.cell-label{display:none}.meta{color:#3d3d3d}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
${extra}
@media (max-width:36rem){
main{padding:1rem}
dl{grid-template-columns:minmax(0,1fr);gap:0}dt{margin-top:.6rem}
table.stack,table.stack caption,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack td.empty{display:none}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.stack tr{border:1px solid #555;padding:.3rem .6rem;margin-bottom:.6rem}
table.stack td{border:0;padding:.15rem 0}
table.stack .cell-label{display:inline;font-weight:600}
}
@media print{main{max-width:none;padding:0}a{color:inherit}h2{break-after:avoid}tr{break-inside:avoid}}
`;
}

/** One cell: its content, and a class (`nc` for a non-compliant answer) if any. */
export type PrintableCell = SafeHtml | string | number | { content: SafeHtml | string | number; className: string | undefined };

/**
 * A report's table, which stacks on a phone: each cell repeats its column's name (shown only
 * when stacked), with the language's colon (`colon`: " : " in French, ": " in English).
 */
export function printableTable(input: {
  caption: SafeHtml;
  headers: readonly string[];
  rows: readonly (readonly PrintableCell[])[];
  colon: string;
}): SafeHtml {
  const { caption, headers, rows, colon } = input;
  return html`<table class="stack">
    ${caption}
    <thead>
      <tr>
        ${headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${row.map((cell, i) => {
              const { content, className } =
                typeof cell === 'object' && !(cell instanceof SafeHtml) ? cell : { content: cell, className: undefined };
              // An empty cell says nothing on a phone, where its label alone would stand on a line.
              const classes = [className, content === '' || (content instanceof SafeHtml && content.value === '') ? 'empty' : undefined]
                .filter(Boolean)
                .join(' ');
              return html`<td${classes ? html` class="${classes}"` : ''}><span class="cell-label">${headers[i] ?? ''}${colon}</span>${content}</td>`;
            })}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
