// Results browser (`transferlab serve --results DIR`): each figure with its images, manifest and CSV downloads, then the
// other files (studies' collected tables, logs). Files are read through /api/results/file/… only, inside DIR.
import { api, el, nav, statusLine, commandBox } from './common.js';

const state = window.explorer = { page: 'results', listing: null };
nav('results.html');
const main = el('main', {});
document.body.append(main);
main.append(el('h1', {}, 'Results'));
const status = statusLine();
const cli = commandBox();
main.append(status.element);
const fileUrl = (path, dl) => `/api/results/file/${path.split('/').map(encodeURIComponent).join('/')}${dl ? '?download' : ''}`;

try {
  const listing = state.listing = await api('/api/results');
  main.append(el('p', { class: 'lead' }, `${listing.figures.length} figure(s) and ${listing.other.length} other file(s) in ${listing.directory}${listing.truncated ? ' (listing truncated)' : ''}.`));
  const ids = listing.figures.map(f => f.id);
  if (ids.length) { cli.set(`./transferlab plot ${listing.directory}   # redraw these figures from their plot descriptions`); main.append(cli.element); }
  for (const f of listing.figures) {
    const box = el('section', { class: 'result', id: `figure-${f.id}` }, el('h2', {}, f.id), el('p', { class: 'muted' },
      `${f.manifest.paper ?? ''} · seed ${f.manifest.seed ?? '?'} · ${f.manifest.quick ? 'quick size' : 'paper size'} · ${f.manifest.elapsed_seconds?.toFixed?.(1) ?? '?'} s`));
    for (const file of f.files.filter(x => x.kind === 'png')) box.append(el('img', { src: fileUrl(file.path), alt: file.path, loading: 'lazy' }));
    const table = el('table', { class: 'files' });
    for (const file of f.files) table.append(el('tr', {}, el('td', {}, el('a', { href: fileUrl(file.path), target: '_blank' }, file.path)),
      el('td', { class: 'muted' }, `${(file.bytes / 1024).toFixed(1)} KiB`), el('td', {}, el('a', { href: fileUrl(file.path, true) }, 'download'))));
    box.append(table);
    const details = el('details', {}, el('summary', {}, 'manifest'), el('pre', {}, JSON.stringify(f.manifest, null, 2)));
    box.append(details);
    main.append(box);
  }
  if (listing.other.length) {
    const table = el('table', { class: 'files' });
    for (const file of listing.other) table.append(el('tr', {}, el('td', {}, el('a', { href: fileUrl(file.path), target: '_blank' }, file.path)),
      el('td', { class: 'muted' }, `${(file.bytes / 1024).toFixed(1)} KiB`), el('td', {}, el('a', { href: fileUrl(file.path, true) }, 'download'))));
    main.append(el('section', { class: 'result' }, el('h2', {}, 'other files'), table));
  }
} catch (e) {
  main.append(el('p', { class: 'lead' }, e.message));
}
state.ready = true;
