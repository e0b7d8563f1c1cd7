// Phase diagram of a deep linear network (Tahir et al. 2024 §2, docs/tahir2024.md §1.6): transferability T(θ, α) as a
// heatmap clipped to [−1, 1], the analytic T = 0 boundary (solid) and the grid's own zero contour (dashed).
import { api, el, debounce, nav, controls, query, command, commandBox, download, csv, statusLine, diverging, zeroContour } from './common.js';
import { Heatmap } from './heatmap.js';

const state = window.explorer = { page: 'phase', requests: 0, grid: null };
nav('phase.html');
const main = el('main', {});
document.body.append(main);
main.append(el('h1', {}, 'Transferability phase diagram T(θ, α) (Tahir et al. 2024)'),
  el('p', { class: 'lead' }, 'T = E[R_scratch − R_transfer] > 0 (red) where transfer beats training from scratch; θ is the angle between source and target features (cos θ = overlap), α = n/d. The solid line is the analytic T = 0 boundary, the dashed one the grid\'s zero contour (docs/tahir2024.md §1.6).'));
const status = statusLine();
const cli = commandBox();
const layout = el('div', { class: 'layout' });
const side = el('aside', {});
const figure = el('section', { class: 'figure' });
layout.append(side, figure);
main.append(layout);

const schema = await api('/api/schema/phase-diagram-deep-linear');
side.append(el('h2', {}, 'parameters'));
const inputs = controls(schema, 'theory', {
  skip: ['simulate-d', 'sim-points', 'draws'],
  ranges: { sigma: [0, 1], lambda: [0, 2], depth: [1, 10], 'theta-points': [10, 200], 'alpha-points': [10, 200], 'alpha-max': [0.2, 5], 'theta-max': [10, 180] },
  onchange: () => schedule(),
});
side.append(inputs.element);

const readout = el('div', { class: 'readout', id: 'readout' }, 'hover over the map');
const legend = el('div', { class: 'legend' },
  el('span', {}, 'T: '), ...[-1, -0.5, 0, 0.5, 1].map(v => { const s = el('span', { class: 'swatch' }); s.style.background = diverging(v); return el('span', {}, s, String(v)); }),
  el('span', {}, '— analytic T = 0'), el('span', {}, '- - grid zero contour'));
figure.append(legend);
const map = new Heatmap(figure, { xlabel: 'θ (degrees; cos θ = overlap)', ylabel: 'α = n/d', onhover: c => hover(c) });
figure.append(readout, el('div', { class: 'buttons' },
  el('button', { type: 'button', id: 'download-csv', onclick: () => saveCsv() }, 'download CSV'),
  el('button', { type: 'button', id: 'download-svg', onclick: () => download('phase-deep-linear.svg', map.svg(title()), 'image/svg+xml') }, 'download SVG'),
  el('span', { class: 'muted', id: 'timing' })), cli.element, status.element);

const title = () => `Transferability T(θ, α), ${command([], inputs.values()).replace('./transferlab', '').trim() || 'defaults'}`;

function hover(c) {
  const overlap = Math.cos(c.x * Math.PI / 180);
  readout.textContent = `θ = ${c.x.toFixed(2)}° (overlap ${overlap.toFixed(3)}), α = ${c.y.toFixed(3)}: T = ${c.z === null ? '—' : c.z.toPrecision(4)}`;
  state.hovered = c;
}

let inFlight = null;
const schedule = debounce(() => update(), 60);
async function update() {
  const values = inputs.values();
  const url = `/api/phase-diagram/deep-linear?${query(values)}`;
  inFlight?.abort();
  const controller = inFlight = new AbortController();
  const started = performance.now();
  try {
    const g = await api(url, { signal: controller.signal });
    state.requests++; state.lastUrl = url; state.grid = g;
    map.draw({
      x: g.theta_deg, y: g.alpha, z: g.t, colour: diverging,
      lines: [
        { segments: zeroContour(g.theta_deg, g.alpha, g.t), colour: '#555', width: 1.5, dash: [5, 4] },
        { segments: g.boundary.flatMap(b => b.theta_deg.slice(1).map((t, k) => [b.theta_deg[k], b.alpha[k], t, b.alpha[k + 1]])), colour: '#000', width: 2 },
      ],
    });
    cli.set(command(['phase-diagram', 'deep-linear'], values));
    document.getElementById('timing').textContent = `${g.alpha.length} × ${g.theta_deg.length} grid in ${Math.round(performance.now() - started)} ms`;
    status.ok('');
    state.updated = (state.updated ?? 0) + 1;
  } catch (e) {
    if (e.name !== 'AbortError') { status.error(e.message); state.lastError = e.message; }
  }
}

function saveCsv() {
  const g = state.grid;
  const rows = [];
  g.alpha.forEach((al, i) => g.theta_deg.forEach((th, j) => rows.push([th, Math.cos(th * Math.PI / 180), al, g.t[i][j]])));
  download('phase-deep-linear.csv', csv(['theta_deg', 'overlap', 'alpha', 'T'], rows), 'text/csv');
}

await update();
state.ready = true;
