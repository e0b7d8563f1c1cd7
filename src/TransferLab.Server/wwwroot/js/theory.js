// A theory page: inputs generated from the model's schema, the theory curve redrawn as a slider moves (one debounced
// request per pause, the previous one aborted), a simulation overlay (mean ± 2 SE) with a progress bar, hover
// read-outs (uPlot's legend), the equivalent command line and CSV / SVG downloads of what is drawn.
import { api, el, debounce, nav, controls, query, command, commandBox, download, csv, xml, statusLine } from './common.js';
import { PAGES } from './pages.js';

const key = document.body.dataset.page;
const page = PAGES[key];
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
// State the browser tests read: what is plotted and where it came from.
const state = window.explorer = { page: key, requests: 0, theory: null, simulation: null, plot: null, lastUrl: null, simulationState: 'idle' };

nav(`${key}.html`);
const main = el('main', {});
document.body.append(main);
main.append(el('h1', {}, page.title), el('p', { class: 'lead' }, page.lead));
const status = statusLine();
const cli = commandBox();
const layout = el('div', { class: 'layout' });
const side = el('aside', {});
const chartBox = el('div', { class: 'chart', id: 'chart' });
const figure = el('section', { class: 'figure' }, chartBox);
layout.append(side, figure);
main.append(layout);

const schema = await api(`/api/schema/${page.model}`);
const a = page.axis;
side.append(el('h2', {}, `x axis: --${a.param}`));
const axisInputs = {};
const axisRow = el('div', { class: 'axis' });
for (const [name, value] of [['from', a.from], ['to', a.to], ['points', a.points]]) {
  axisInputs[name] = el('input', { id: `axis-${name}`, type: 'text', size: 6, value: String(value) });
  axisInputs[name].addEventListener('input', () => schedule());
  axisRow.append(el('label', { for: `axis-${name}` }, name), axisInputs[name]);
}
axisInputs.logx = el('input', { id: 'axis-logx', type: 'checkbox', checked: a.scale === 'log' });
axisInputs.logy = el('input', { id: 'axis-logy', type: 'checkbox', checked: page.y.log });
for (const [id, label] of [['logx', 'log x'], ['logy', 'log y']]) {
  axisInputs[id].addEventListener('change', () => { rebuildPlot(); schedule(); });
  axisRow.append(el('label', { for: `axis-${id}` }, label), axisInputs[id]);
}
side.append(axisRow, el('h2', {}, 'parameters'));
const inputs = controls(schema, 'theory', { skip: [a.param], ranges: page.ranges, overrides: page.defaults, onchange: () => schedule() });
side.append(inputs.element);

let simInputs = null;
const simBox = el('div', { class: 'simulate' });
const progress = el('progress', { id: 'sim-progress', max: 1, value: 0 });
const simButton = el('button', { type: 'button', id: 'simulate' }, 'simulate');
const cancelButton = el('button', { type: 'button', id: 'cancel', disabled: true }, 'cancel');
if (page.simulate) {
  const simSchema = await api(`/api/schema/${page.simulate.model}`);
  // Only what the simulation alone takes gets its own inputs; shared parameters come from the theory inputs above.
  const theoryNames = new Set(schema.parameters.filter(p => p.used_by.includes('theory')).map(p => p.name));
  const own = { ...simSchema, parameters: simSchema.parameters.filter(p => !theoryNames.has(p.name)) };
  simInputs = controls(own, 'simulate', { skip: [a.param], overrides: page.simulate.overrides, ranges: { seeds: [2, 100] }, prefix: 'sim-' });
  simInputs.schema = simSchema;
  simBox.append(el('h2', {}, `simulation (${page.simulate.model})`), simInputs.element, el('div', { class: 'buttons' }, simButton, cancelButton, progress));
  side.append(simBox);
}

const downloads = el('div', { class: 'buttons' },
  el('button', { type: 'button', id: 'download-csv', onclick: () => saveCsv() }, 'download CSV'),
  el('button', { type: 'button', id: 'download-svg', onclick: () => saveSvg() }, 'download SVG'),
  el('span', { class: 'muted', id: 'timing' }));
figure.append(downloads, cli.element, status.element);

function axisValues() {
  const from = Number(axisInputs.from.value), to = Number(axisInputs.to.value), points = Math.round(Number(axisInputs.points.value));
  return { from, to, points, log: axisInputs.logx.checked };
}

function spaced(from, to, points, log) {
  return Array.from({ length: points }, (_, i) => {
    const f = i / (points - 1);
    return log ? Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from))) : from + f * (to - from);
  });
}

const fmt = v => String(Number(v.toPrecision(6)));

// --- plot ---
let plot = null;
function rebuildPlot() {
  const series = [{ label: a.label, value: (u, v) => (v == null ? '—' : fmt(v)) }];
  page.series.forEach(([label], i) => series.push({ label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true, value: (u, v) => (v == null ? '—' : fmt(v)) }));
  (page.simulate?.series ?? []).forEach(([label], i) => series.push({
    label: `${label} (±2 SE)`, stroke: COLORS[(i + 3) % COLORS.length], width: 0, paths: () => null,
    points: { show: true, size: 8, fill: COLORS[(i + 3) % COLORS.length] }, value: (u, v) => (v == null ? '—' : fmt(v)),
  }));
  const width = Math.max(360, chartBox.clientWidth || 720);
  const opts = {
    width, height: 440, series,
    scales: { x: { time: false, distr: axisInputs.logx.checked ? 3 : 1 }, y: { distr: axisInputs.logy.checked ? 3 : 1 } },
    axes: [{ label: a.label }, { label: page.y.label, size: 70 }],
    cursor: { drag: { x: false, y: false } },
    hooks: { draw: [u => drawErrorBars(u)] },
  };
  const data = plot ? plot.data : [[], ...series.slice(1).map(() => [])];
  plot?.destroy();
  plot = new uPlot(opts, data, chartBox);
  state.plot = plot;
}

function drawErrorBars(u) {
  if (!state.simulation) return;
  const ctx = u.ctx;
  ctx.save();
  state.simulation.series.forEach((s, k) => {
    ctx.strokeStyle = COLORS[(k + 3) % COLORS.length];
    ctx.lineWidth = 1.5 * devicePixelRatio;
    for (const [x, mean, se] of s.points) {
      if (mean == null) continue; // withheld: the point's training diverged
      if (axisInputs.logy.checked && !(mean > 0 && mean >= (state.logFloor ?? 0))) continue;
      const lo = mean - 2 * se, hi = mean + 2 * se;
      const px = u.valToPos(x, 'x', true);
      const y1 = u.valToPos(axisInputs.logy.checked ? Math.max(lo, mean / 100) : lo, 'y', true), y2 = u.valToPos(hi, 'y', true);
      ctx.beginPath(); ctx.moveTo(px, y1); ctx.lineTo(px, y2); ctx.stroke();
    }
  });
  ctx.restore();
}

/** Theory and simulation on one x grid (the union), null where a series has no value. */
function setPlotData() {
  const t = state.theory;
  if (!t) return;
  const sim = state.simulation;
  const xs = [...new Set([...t.x, ...(sim ? sim.series.flatMap(s => s.points.map(p => p[0])) : [])])].sort((p, q) => p - q);
  const index = new Map(xs.map((x, i) => [x, i]));
  const logy = axisInputs.logy.checked;
  // A log axis cannot show 0, and values far below the largest (exact recovery leaves errors of 1e-30 and less, rounding
  // noise) would stretch it over dozens of empty decades, which uPlot's tick loop does not survive: on a log axis only
  // values within 15 decades of the largest are drawn (a double's relative precision).
  const all = [...t.series.flatMap(s => s.values), ...(sim ? sim.series.flatMap(s => s.points.map(p => p[1])) : [])].filter(v => v != null && Number.isFinite(v));
  const floor = logy ? Math.max(...all.map(Math.abs), 0) * 1e-15 : -Infinity;
  const positive = v => (v == null || !Number.isFinite(v) || (logy && !(v > 0 && v >= floor)) ? null : v);
  state.logFloor = floor;
  const data = [xs];
  for (const s of t.series) { const col = new Array(xs.length).fill(null); t.x.forEach((x, i) => { col[index.get(x)] = positive(s.values[i]); }); data.push(col); }
  for (let k = 0; k < (page.simulate?.series.length ?? 0); k++) {
    const col = new Array(xs.length).fill(null);
    for (const [x, mean] of sim?.series[k]?.points ?? []) col[index.get(x)] = positive(mean);
    data.push(col);
  }
  plot.setData(data);
}

// --- theory requests ---
let inFlight = null;
const schedule = debounce(() => update(), 60);

function theoryRequest() {
  const { from, to, points, log } = axisValues();
  const values = inputs.values();
  if (page.list) {
    const list = spaced(from, to, points, log).map(fmt).join(',');
    return { url: `/api/theory/${page.model}?${query({ ...values, [a.param]: list })}`, cli: command(['theory', page.model], { ...values, [a.param]: list }) };
  }
  const axis = { sweep: a.param, from: String(from), to: String(to), points: String(points), scale: log ? 'log' : 'linear' };
  return {
    url: `/api/curve/${page.model}?${query({ ...axis, ...values })}`,
    cli: `${command(['theory', page.model], { ...values, [a.param]: `<${a.param}>` }).replace(`'<${a.param}>'`, `<${a.param}>`)} --json   # for each ${a.param} from ${from} to ${to} (${points} points${log ? ', log-spaced' : ''})`,
  };
}

async function update() {
  const req = theoryRequest();
  inFlight?.abort();
  const controller = inFlight = new AbortController();
  const started = performance.now();
  try {
    const body = await api(req.url, { signal: controller.signal });
    state.requests++;
    state.lastUrl = req.url;
    let x, payloads;
    if (page.list) { x = body.rows.map(r => r[a.param.replace('-', '_')]); payloads = null; }
    else { x = body.values; payloads = body.results; }
    const series = page.series.map(([label, get]) => ({ label, values: page.list ? get(body) : payloads.map(get) }));
    state.theory = { x, series, body };
    setPlotData();
    cli.set(req.cli);
    document.getElementById('timing').textContent = `${x.length} points in ${Math.round(performance.now() - started)} ms`;
    status.ok('');
    state.updated = (state.updated ?? 0) + 1;
  } catch (e) {
    if (e.name === 'AbortError') return;
    status.error(e.message);
    state.lastError = e.message;
  }
}

// --- simulation jobs ---
let jobs = [];
function simulationValues(x) {
  // Every shared parameter the simulation takes at the theory's value, named where it differs from the simulation's
  // default (the two schemas' defaults may differ: relu-overlap's d = 100, relu's d = 10).
  const simDefault = new Map(simInputs.schema.parameters.filter(p => p.used_by.includes('simulate')).map(p => [p.name, String(p.simulate_default ?? '')]));
  const values = {};
  for (const [k, v] of Object.entries(inputs.current())) if (simDefault.has(k) && v !== simDefault.get(k)) values[k] = v;
  Object.assign(values, page.simulate.overrides, simInputs.values());
  values[a.param] = x;
  return values;
}

async function simulate() {
  const { from, to, log } = axisValues();
  const n = page.simulate.points;
  let xs = spaced(from + (to - from) * 0.1, to, n, log);
  const isInteger = schema.parameters.find(p => p.name === a.param)?.kind === 'integer';
  if (isInteger) xs = [...new Set(xs.map(Math.round))];
  const requests = page.list ? [xs.map(fmt).join(',')] : xs.map(fmt);
  simButton.disabled = true; cancelButton.disabled = false; progress.value = 0;
  state.simulationState = 'running';
  state.simulation = { series: page.simulate.series.map(([label]) => ({ label, points: [] })) };
  const commands = [];
  try {
    jobs = [];
    for (const x of requests) {
      const values = simulationValues(x);
      commands.push(command(['simulate', page.simulate.model], values) + ' --json');
      jobs.push(await api(`/api/simulate/${page.simulate.model}?${query(values)}`, { method: 'POST' }));
    }
    state.jobIds = jobs.map(j => j.id);
    cli.set(commands.join('\n'));
    const finals = await Promise.all(jobs.map(job => follow(job)));
    if (finals.some(j => j.state !== 'done')) {
      const bad = finals.find(j => j.state !== 'done');
      state.simulationState = bad.state;
      status.ok(bad.state === 'cancelled' ? 'simulation cancelled' : `simulation ${bad.state}: ${bad.error ?? ''}`);
      return;
    }
    finals.forEach((job, i) => {
      page.simulate.series.forEach(([, get], k) => {
        const got = get(job.result);
        const pairs = page.list ? got : [got];
        const xsHere = page.list ? job.result.rows.map(r => r[a.param.replace('-', '_')]) : [Number(requests[i])];
        pairs.forEach(([mean, se], j) => state.simulation.series[k].points.push([xsHere[j], mean, se]));
      });
    });
    setPlotData();
    state.simulationState = 'done';
    status.ok(`simulation done (${finals.length} job${finals.length > 1 ? 's' : ''})`);
  } catch (e) {
    status.error(e.message);
    state.simulationState = 'failed';
  } finally {
    simButton.disabled = false; cancelButton.disabled = true;
  }
}

/** Follows a job's server-sent events until it is final; the progress bar shows the mean progress of all jobs. */
function follow(job) {
  return new Promise(resolve => {
    const source = new EventSource(`/api/jobs/${job.id}/events`);
    const onEvent = e => {
      const snapshot = JSON.parse(e.data);
      job.progress = snapshot.progress;
      progress.value = jobs.reduce((s, j) => s + (j.progress ?? 0), 0) / jobs.length;
      if (['done', 'cancelled', 'failed'].includes(snapshot.state)) { source.close(); resolve(snapshot); }
    };
    source.addEventListener('progress', onEvent);
    source.addEventListener('done', onEvent);
    source.onerror = () => { source.close(); api(`/api/jobs/${job.id}`).then(resolve, () => resolve({ state: 'failed', error: 'lost the job' })); };
  });
}

simButton.addEventListener('click', () => simulate());
cancelButton.addEventListener('click', async () => { for (const j of jobs) await api(`/api/jobs/${j.id}`, { method: 'DELETE' }).catch(() => {}); });

// --- downloads of what is drawn ---
function shownRows() {
  const d = plot.data;
  const headers = [a.param, ...plot.series.slice(1).map(s => s.label)];
  const rows = d[0].map((x, i) => [x, ...d.slice(1).map(col => col[i])]);
  const sim = state.simulation;
  if (sim) { headers.push(...sim.series.map(s => `${s.label} SE`)); rows.forEach(r => sim.series.forEach(s => r.push(s.points.find(p => p[0] === r[0])?.[2] ?? null))); }
  return { headers, rows };
}

function saveCsv() {
  const { headers, rows } = shownRows();
  download(`${key}-theory.csv`, csv(headers, rows), 'text/csv');
}

/** An SVG of the drawn curves: axes with end ticks, one polyline per series, simulation points with ±2 SE bars. */
function saveSvg() {
  const W = 720, H = 440, L = 80, R = 200, T = 30, B = 50;
  const xs = plot.data[0];
  const sx = plot.scales.x, sy = plot.scales.y;
  const logx = axisInputs.logx.checked, logy = axisInputs.logy.checked;
  const tx = v => (logx ? Math.log10(v) : v), ty = v => (logy ? Math.log10(v) : v);
  const X = v => L + (tx(v) - tx(sx.min)) / (tx(sx.max) - tx(sx.min)) * (W - L - R);
  const Y = v => H - B - (ty(v) - ty(sy.min)) / (ty(sy.max) - ty(sy.min)) * (H - T - B);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="18" font-size="14">${xml(page.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${xml(a.label)}</text>`,
    `<text x="16" y="${(T + H - B) / 2}" transform="rotate(-90 16 ${(T + H - B) / 2})" text-anchor="middle">${xml(page.y.label)}</text>`,
    `<text x="${L}" y="${H - B + 16}" text-anchor="middle">${fmt(sx.min)}</text><text x="${W - R}" y="${H - B + 16}" text-anchor="middle">${fmt(sx.max)}</text>`,
    `<text x="${L - 6}" y="${H - B}" text-anchor="end">${fmt(sy.min)}</text><text x="${L - 6}" y="${T + 4}" text-anchor="end">${fmt(sy.max)}</text>`];
  plot.series.slice(1).forEach((s, k) => {
    const color = typeof s.stroke === 'function' ? s.stroke(plot, k + 1) : s.stroke;
    const col = plot.data[k + 1];
    const pts = xs.map((x, i) => (col[i] == null ? null : `${X(x).toFixed(2)},${Y(col[i]).toFixed(2)}`)).filter(Boolean);
    if (k < page.series.length) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`);
    else {
      const sim = state.simulation?.series[k - page.series.length];
      for (const [x, mean, se] of sim?.points ?? []) {
        parts.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${Y(Math.max(mean - 2 * se, logy ? mean / 100 : mean - 2 * se))}" y2="${Y(mean + 2 * se)}" stroke="${color}"/>`);
        parts.push(`<circle cx="${X(x)}" cy="${Y(mean)}" r="4" fill="${color}"/>`);
      }
    }
    parts.push(`<line x1="${W - R + 12}" x2="${W - R + 36}" y1="${T + 16 * k}" y2="${T + 16 * k}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${W - R + 42}" y="${T + 16 * k + 4}">${xml(s.label)}</text>`);
  });
  parts.push('</svg>');
  download(`${key}-theory.svg`, parts.join('\n'), 'image/svg+xml');
}

rebuildPlot();
await update();
state.ready = true;
