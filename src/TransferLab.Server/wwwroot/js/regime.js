// Regime map of a diagonal network (Anguita et al. 2026 §2.4, docs/anguita2026.md §2.4): over c_PT × γ_FT at fixed
// λ_PT/c_PT, the ℓ-order, the pretraining dependence PD or the regime (I–IV) per cell; the contours ℓ = 1.5 (rich below)
// and PD = −0.1 (PT-dependent below) are the classification's boundaries. A click classifies one cell in full.
import { api, el, debounce, nav, controls, query, command, commandBox, download, csv, statusLine, zeroContour } from './common.js';
import { Heatmap } from './heatmap.js';

const state = window.explorer = { page: 'regime', requests: 0, grid: null };
nav('regime.html');
const main = el('main', {});
document.body.append(main);
main.append(el('h1', {}, 'Fine-tuning regimes of a diagonal network (Anguita et al. 2026)'),
  el('p', { class: 'lead' }, 'I rich PT-independent, II lazy PT-dependent, III lazy PT-independent, IV rich PT-dependent: rich where the ℓ-order is below 1.5 (solid contour), PT-dependent where the pretraining dependence PD is below −0.1 (dashed contour). Click a cell for the full classification (docs/anguita2026.md §2.4).'));
const status = statusLine();
const cli = commandBox();
const layout = el('div', { class: 'layout' });
const side = el('aside', {});
const figure = el('section', { class: 'figure' });
layout.append(side, figure);
main.append(layout);

const [axes, regimeSchema] = await Promise.all([api('/api/schema/regime-map'), api('/api/schema/regime')]);
side.append(el('h2', {}, 'map'));
const axisInputs = controls(axes, 'theory', { ranges: { 'lambda-ratio': [-1, 1], 'c-pt-points': [5, 100], 'gamma-ft-points': [5, 100] }, onchange: () => schedule() });
side.append(axisInputs.element, el('h2', {}, 'landscape'));
const inputs = controls(regimeSchema, 'theory', { skip: ['c-pt', 'lambda-pt', 'gamma-ft'], ranges: { 'beta-pt': [0.01, 100, true], 'beta-ft': [0.01, 100, true] }, onchange: () => schedule() });
side.append(inputs.element);
const field = el('select', { id: 'field' }, ...[['regime_index', 'regime (I–IV)'], ['l_order', 'ℓ-order'], ['pt_dependence', 'pretraining dependence PD']].map(([v, l]) => el('option', { value: v }, l)));
field.addEventListener('change', () => redraw());
side.append(el('h2', {}, 'colour'), field);

const REGIME_COLOURS = ['#cccccc', '#e45756', '#4c78a8', '#72b7b2', '#f58518'];
const NAMES = ['', 'I rich, PT-independent', 'II lazy, PT-dependent', 'III lazy, PT-independent', 'IV rich, PT-dependent'];
const legend = el('div', { class: 'legend', id: 'legend' });
figure.append(legend);
const map = new Heatmap(figure, { xlabel: 'c_PT (log)', ylabel: 'γ_FT (log)', onhover: c => hover(c), onclick: c => classify(c) });
const readout = el('div', { class: 'readout', id: 'readout' }, 'hover over the map; click a cell to classify it');
const detail = el('div', { class: 'readout', id: 'detail' });
figure.append(readout, detail, el('div', { class: 'buttons' },
  el('button', { type: 'button', id: 'download-csv', onclick: () => saveCsv() }, 'download CSV'),
  el('button', { type: 'button', id: 'download-svg', onclick: () => download('regime-map.svg', map.svg('Regime map (Anguita et al. 2026)'), 'image/svg+xml') }, 'download SVG'),
  el('span', { class: 'muted', id: 'timing' })), cli.element, status.element);

const ramp = (lo, hi) => v => { const t = Math.max(0, Math.min(1, (v - lo) / (hi - lo))); return `rgb(${Math.round(40 + 200 * t)},${Math.round(80 + 120 * t)},${Math.round(200 - 150 * t)})`; };

function redraw() {
  const g = state.grid;
  if (!g) return;
  const f = field.value;
  const z = g[f];
  const colour = f === 'regime_index' ? v => REGIME_COLOURS[v] : f === 'l_order' ? ramp(1, 2) : ramp(-1, 0);
  legend.replaceChildren(...(f === 'regime_index'
    ? NAMES.slice(1).map((n, k) => { const s = el('span', { class: 'swatch' }); s.style.background = REGIME_COLOURS[k + 1]; return el('span', {}, s, n); })
    : [el('span', {}, f === 'l_order' ? 'ℓ from 1 (blue, ℓ1-like) to 2 (yellow, ℓ2-like)' : 'PD from −1 (blue) to 0 (yellow)')]));
  legend.append(el('span', {}, '— ℓ = 1.5'), el('span', {}, '- - PD = −0.1'));
  map.draw({
    x: g.c_pt, y: g.gamma_ft, z, colour, logx: true, logy: true,
    lines: [
      { segments: zeroContour(g.c_pt, g.gamma_ft, g.l_order.map(r => r.map(v => v - g.rich_below_l_order))), colour: '#000', width: 2 },
      { segments: zeroContour(g.c_pt, g.gamma_ft, g.pt_dependence.map(r => r.map(v => v - g.dependent_below_pd))), colour: '#000', width: 2, dash: [6, 4] },
    ],
  });
}

function cellValues(c) {
  const ratio = state.grid.lambda_ratio;
  const r = v => String(Number(v.toPrecision(6)));
  return { ...inputs.values(), 'c-pt': r(c.x), 'lambda-pt': r(ratio * c.x), 'gamma-ft': r(c.y) };
}

function hover(c) {
  const g = state.grid;
  readout.textContent = `c_PT = ${c.x.toPrecision(3)}, γ_FT = ${c.y.toPrecision(3)}: regime ${g.regime[c.i][c.j]}, ℓ = ${g.l_order[c.i][c.j].toFixed(3)}, PD = ${g.pt_dependence[c.i][c.j].toFixed(3)}`;
  state.hovered = c;
}

async function classify(c) {
  const values = cellValues(c);
  try {
    const r = await api(`/api/regime?${query(values)}`);
    detail.textContent = `Regime ${r.regime} (${r.name}): ${r.reason}`;
    cli.set(command(['regime'], values));
    state.classified = r;
  } catch (e) { status.error(e.message); }
}

let inFlight = null;
const schedule = debounce(() => update(), 60);
async function update() {
  const values = { ...axisInputs.values(), ...inputs.values() };
  const url = `/api/regime-map?${query(values)}`;
  inFlight?.abort();
  const controller = inFlight = new AbortController();
  const started = performance.now();
  try {
    state.grid = await api(url, { signal: controller.signal });
    state.requests++; state.lastUrl = url;
    redraw();
    cli.set(`${command(['regime'], { ...inputs.values(), 'c-pt': '<c>', 'lambda-pt': '<ratio·c>', 'gamma-ft': '<γ>' }).replace(/'/g, '')} --json   # per cell of the map`);
    document.getElementById('timing').textContent = `${state.grid.gamma_ft.length} × ${state.grid.c_pt.length} cells in ${Math.round(performance.now() - started)} ms`;
    status.ok('');
    state.updated = (state.updated ?? 0) + 1;
  } catch (e) {
    if (e.name !== 'AbortError') { status.error(e.message); state.lastError = e.message; }
  }
}

function saveCsv() {
  const g = state.grid;
  const rows = [];
  g.gamma_ft.forEach((gm, i) => g.c_pt.forEach((c, j) => rows.push([c, g.lambda_ratio * c, gm, g.regime[i][j], g.l_order[i][j], g.pt_dependence[i][j]])));
  download('regime-map.csv', csv(['c_pt', 'lambda_pt', 'gamma_ft', 'regime', 'l_order', 'pt_dependence'], rows), 'text/csv');
}

await update();
state.ready = true;
