// Shared by every page: API calls, controls generated from a schema, the equivalent command line, downloads.
// Nothing here contacts any host but this server (the Content-Security-Policy forbids it anyway).

/** GET/POST a JSON endpoint; a problem response becomes an Error whose message is the server's one-line detail. */
export async function api(path, { method = 'GET', signal } = {}) {
  const response = await fetch(path, { method, signal, headers: { Accept: 'application/json' } });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(body && body.detail ? body.detail : `${response.status} ${response.statusText}`);
    error.problem = body;
    throw error;
  }
  return body;
}

/** Element helper: el('div', {class: 'x'}, child, 'text'). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Calls fn after the input has been quiet for ms (a slider drag sends one request per pause, not per pixel). */
export function debounce(fn, ms = 60) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** The navigation bar on top of every page. */
export function nav(active) {
  const pages = [['index.html', 'Explorer'], ['linear.html', 'Linear fine-tuning'], ['diagonal.html', 'Diagonal networks'],
    ['deep-linear.html', 'Deep linear'], ['relu-ntk.html', 'ReLU NTK'], ['relu-overlap.html', 'ReLU overlap'],
    ['phase.html', 'Phase diagram'], ['regime.html', 'Regime map'], ['results.html', 'Results']];
  const bar = el('nav', {});
  for (const [href, label] of pages) bar.append(el('a', { href, class: href === active ? 'active' : null }, label));
  document.body.prepend(bar);
}

const isNumeric = p => p.kind === 'integer' || p.kind === 'real';

/**
 * Inputs for every parameter of `schema` that `compute` takes (except `skip`): a slider next to a number box where a
 * range is known (`ranges[name] = [lo, hi, log?]`, else the schema's bounds), a select for choices, a checkbox for
 * switches, a text box otherwise. Parameters that apply only under another's choice are shown only then.
 * Returns { values(): name → text of every changed parameter, current(): of every shown one, set(name, text), element }.
 */
export function controls(schema, compute, { skip = [], ranges = {}, overrides = {}, onchange = () => {}, prefix = '' } = {}) {
  const box = el('div', { class: 'controls' });
  const inputs = new Map();
  const params = schema.parameters.filter(p => p.used_by.includes(compute) && !skip.includes(p.name) && !p.kind.startsWith('file'));
  const defaultOf = p => (compute === 'simulate' ? p.simulate_default : p.theory_default);
  for (const p of params) {
    const initial = overrides[p.name] ?? defaultOf(p) ?? '';
    const row = el('div', { class: 'control', 'data-param': p.name, title: `${p.doc} Valid: ${p.range}.` });
    row.append(el('label', { for: `${prefix}in-${p.name}` }, p.option));
    let input;
    if (p.kind === 'choice') {
      input = el('select', { id: `${prefix}in-${p.name}` }, ...p.choices.map(c => el('option', { value: c, selected: c === initial }, c)));
    } else if (p.kind === 'flag') {
      input = el('input', { id: `${prefix}in-${p.name}`, type: 'checkbox', checked: initial === 'true' });
    } else {
      input = el('input', { id: `${prefix}in-${p.name}`, type: 'text', value: initial, size: 10, spellcheck: 'false' });
      const range = ranges[p.name] ?? (isNumeric(p) && p.min !== null && p.max !== null ? [p.min, p.max] : null);
      if (isNumeric(p) && range) {
        const [lo, hi, log] = range;
        const toSlider = v => (log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo)) * 1000;
        const fromSlider = s => { const f = s / 1000; return log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo))) : lo + f * (hi - lo); };
        const slider = el('input', { type: 'range', min: 0, max: 1000, step: 1, class: 'slider', id: `${prefix}slider-${p.name}`, 'aria-label': p.name });
        const sync = () => { const v = Number(input.value); if (Number.isFinite(v)) slider.value = String(Math.round(toSlider(v))); };
        sync();
        slider.addEventListener('input', () => {
          let v = fromSlider(Number(slider.value));
          input.value = p.kind === 'integer' ? String(Math.round(v)) : String(Number(v.toPrecision(4)));
          refresh(); onchange(p.name);
        });
        input.addEventListener('change', sync);
        row.append(slider);
      }
    }
    input.addEventListener(p.kind === 'choice' || p.kind === 'flag' ? 'change' : 'input', () => { refresh(); onchange(p.name); });
    row.append(input);
    if (p.unit) row.append(el('span', { class: 'unit' }, p.unit));
    inputs.set(p.name, { p, input, row, initial: String(defaultOf(p) ?? '') });
    box.append(row);
  }
  const text = ({ p, input }) => (p.kind === 'flag' ? (input.checked ? 'true' : 'false') : input.value.trim());
  function refresh() {
    for (const entry of inputs.values()) {
      const cond = entry.p.applies_when;
      if (!cond) continue;
      const [name, vals] = cond.split(' = ');
      const controller = inputs.get(name);
      entry.row.hidden = controller ? !vals.split(' or ').includes(text(controller)) : false;
    }
  }
  refresh();
  return {
    element: box,
    /** name → text of every shown parameter. */
    current() {
      const out = {};
      for (const entry of inputs.values()) if (!entry.row.hidden) out[entry.p.name] = text(entry);
      return out;
    },
    /** name → text of every shown parameter whose value is not its default (what the command line would need). */
    values() {
      const out = {};
      for (const entry of inputs.values()) {
        if (entry.row.hidden) continue;
        const t = text(entry);
        if (entry.p.kind === 'flag' ? t === 'true' : t !== '' && t !== entry.initial) out[entry.p.name] = t;
      }
      return out;
    },
    set(name, value) { const e = inputs.get(name); if (e) { e.input.value = value; e.input.dispatchEvent(new Event('change')); refresh(); } },
    has: name => inputs.has(name),
  };
}

/** The query string of name → text. */
export function query(values) {
  return Object.entries(values).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The command line of name → text (long options; switches without a value). */
export function command(words, values) {
  const parts = ['./transferlab', ...words];
  for (const [k, v] of Object.entries(values)) {
    if (v === 'true' && k !== 'sweep') parts.push(`--${k}`);
    else parts.push(`--${k}`, /^[\w.,:+-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  }
  return parts.join(' ');
}

/** A read-only command box with a copy button. */
export function commandBox() {
  const code = el('code', { id: 'cli-command' });
  const copy = el('button', { type: 'button', class: 'small', onclick: () => navigator.clipboard?.writeText(code.textContent) }, 'copy');
  const box = el('div', { class: 'cli' }, el('span', { class: 'muted' }, 'Command line: '), code, copy);
  return { element: box, set: text => { code.textContent = text; } };
}

/** Saves `text` as a file named `name`. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV text of a header row and rows (numbers at full precision; null = empty). */
export function csv(headers, rows) {
  const cell = v => (v === null || v === undefined || Number.isNaN(v) ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [headers.map(cell).join(','), ...rows.map(r => r.map(cell).join(','))].join('\n') + '\n';
}

/** Escapes text for SVG/XML. */
export const xml = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The line showing errors (the server's one-line message, as the command line prints it). */
export function statusLine() {
  const line = el('div', { class: 'status', id: 'status', role: 'status' });
  return {
    element: line,
    ok: text => { line.textContent = text || ''; line.classList.remove('error'); },
    error: text => { line.textContent = `error: ${text}`; line.classList.add('error'); },
  };
}

/** Diverging colour for t in [−1, 1]: blue (negative) — white (0) — red (positive). */
export function diverging(t) {
  const c = Math.max(-1, Math.min(1, t));
  const a = Math.abs(c);
  const [r, g, b] = c >= 0 ? [255, 255 - 200 * a, 255 - 220 * a] : [255 - 220 * a, 255 - 170 * a, 255];
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

/**
 * Contour segments of level 0 of z[i][j] on the grid (x[j], y[i]) by marching squares, linear interpolation along
 * cell edges. Returns [[x1, y1, x2, y2], …].
 */
export function zeroContour(x, y, z) {
  const segments = [];
  const lerp = (a, b, za, zb) => a + (b - a) * (za / (za - zb));
  for (let i = 0; i + 1 < y.length; i++) {
    for (let j = 0; j + 1 < x.length; j++) {
      const v = [z[i][j], z[i][j + 1], z[i + 1][j + 1], z[i + 1][j]];
      if (v.some(q => q === null || !Number.isFinite(q))) continue;
      const corners = [[x[j], y[i]], [x[j + 1], y[i]], [x[j + 1], y[i + 1]], [x[j], y[i + 1]]];
      const points = [];
      for (let e = 0; e < 4; e++) {
        const a = v[e], b = v[(e + 1) % 4];
        if ((a < 0) !== (b < 0)) {
          const [p, q] = [corners[e], corners[(e + 1) % 4]];
          points.push([lerp(p[0], q[0], a, b), lerp(p[1], q[1], a, b)]);
        }
      }
      if (points.length >= 2) segments.push([...points[0], ...points[1]]);
      if (points.length === 4) segments.push([...points[2], ...points[3]]);
    }
  }
  return segments;
}
