// A heatmap on a canvas: one rectangle per grid cell, contour lines on top, axes with end ticks, and a hover read-out.
// x[j] and y[i] are the cell centres; z[i][j] the value drawn (colour(value) gives the fill).
import { el, xml } from './common.js';

const M = { left: 70, right: 20, top: 16, bottom: 46 };

export class Heatmap {
  constructor(container, { width = 760, height = 480, xlabel = '', ylabel = '', onhover = () => {}, onclick = null } = {}) {
    this.width = width; this.height = height; this.xlabel = xlabel; this.ylabel = ylabel;
    this.canvas = el('canvas', { id: 'heatmap', width: width * devicePixelRatio, height: height * devicePixelRatio, 'aria-label': 'heatmap' });
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    container.append(el('div', { class: 'heatmap' }, this.canvas));
    this.canvas.addEventListener('mousemove', e => { const c = this.cellAt(e); if (c) onhover(c); });
    if (onclick) this.canvas.addEventListener('click', e => { const c = this.cellAt(e); if (c) onclick(c); });
  }

  /** Draws grid {x, y, z, colour, logx, logy, lines: [{segments: [[x1,y1,x2,y2]…], colour, width, dash}]}. */
  draw(grid) {
    this.grid = grid;
    const { x, y, z, colour } = grid;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    const edges = (v, log) => {
      const t = log ? v.map(Math.log10) : v;
      const e = t.map((q, i) => (i === 0 ? q - (t[1] - t[0]) / 2 : (t[i - 1] + q) / 2));
      e.push(t[t.length - 1] + (t[t.length - 1] - t[t.length - 2]) / 2);
      return e;
    };
    this.ex = edges(x, grid.logx); this.ey = edges(y, grid.logy);
    const [x0, x1] = [this.ex[0], this.ex[this.ex.length - 1]], [y0, y1] = [this.ey[0], this.ey[this.ey.length - 1]];
    const W = this.width - M.left - M.right, H = this.height - M.top - M.bottom;
    this.px = v => M.left + ((grid.logx ? Math.log10(v) : v) - x0) / (x1 - x0) * W;
    this.py = v => M.top + H - ((grid.logy ? Math.log10(v) : v) - y0) / (y1 - y0) * H;
    this.toX = p => { const t = x0 + (p - M.left) / W * (x1 - x0); return grid.logx ? 10 ** t : t; };
    this.toY = p => { const t = y0 + (M.top + H - p) / H * (y1 - y0); return grid.logy ? 10 ** t : t; };
    const ex = this.ex.map(t => M.left + (t - x0) / (x1 - x0) * W), ey = this.ey.map(t => M.top + H - (t - y0) / (y1 - y0) * H);
    for (let i = 0; i < y.length; i++)
      for (let j = 0; j < x.length; j++) {
        ctx.fillStyle = z[i][j] === null ? '#cccccc' : colour(z[i][j]);
        ctx.fillRect(ex[j], ey[i + 1], ex[j + 1] - ex[j] + 0.5, ey[i] - ey[i + 1] + 0.5);
      }
    for (const line of grid.lines ?? []) {
      ctx.strokeStyle = line.colour; ctx.lineWidth = line.width ?? 2; ctx.setLineDash(line.dash ?? []);
      ctx.beginPath();
      for (const [a, b, c, d] of line.segments) { ctx.moveTo(this.px(a), this.py(b)); ctx.lineTo(this.px(c), this.py(d)); }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.strokeStyle = '#333'; ctx.lineWidth = 1; ctx.strokeRect(M.left, M.top, W, H);
    ctx.fillStyle = '#222'; ctx.font = '12px sans-serif'; ctx.textAlign = 'center';
    const f = v => String(Number(v.toPrecision(3)));
    ctx.fillText(f(x[0]), ex[0] + 10, M.top + H + 16); ctx.fillText(f(x[x.length - 1]), ex[ex.length - 1] - 10, M.top + H + 16);
    ctx.fillText(this.xlabel, M.left + W / 2, this.height - 8);
    ctx.textAlign = 'right';
    ctx.fillText(f(y[0]), M.left - 6, M.top + H - 2); ctx.fillText(f(y[y.length - 1]), M.left - 6, M.top + 10);
    ctx.save(); ctx.translate(16, M.top + H / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = 'center'; ctx.fillText(this.ylabel, 0, 0); ctx.restore();
  }

  /** The cell under a mouse event: {i, j, x, y, z}. */
  cellAt(e) {
    if (!this.grid) return null;
    const r = this.canvas.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top;
    return this.cellAtPixel(px, py);
  }

  /** The cell at canvas pixel (px, py), or null outside the grid. */
  cellAtPixel(px, py) {
    const { x, y, z } = this.grid;
    const tx = this.grid.logx ? Math.log10(this.toX(px)) : this.toX(px), ty = this.grid.logy ? Math.log10(this.toY(py)) : this.toY(py);
    const j = this.ex.findIndex((e, k) => k < x.length && tx >= e && tx < this.ex[k + 1]);
    const i = this.ey.findIndex((e, k) => k < y.length && ty >= e && ty < this.ey[k + 1]);
    if (i < 0 || j < 0) return null;
    return { i, j, x: x[j], y: y[i], z: z[i][j] };
  }

  /** The drawn heatmap as SVG text: cells, lines, axes and a title. */
  svg(title) {
    const { x, y, z, colour } = this.grid;
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height + 20}" font-family="sans-serif" font-size="12">`,
      `<rect width="100%" height="100%" fill="white"/><text x="${M.left}" y="14" font-size="13">${xml(title)}</text><g transform="translate(0,20)">`];
    const [x0, x1] = [this.ex[0], this.ex[this.ex.length - 1]], [y0, y1] = [this.ey[0], this.ey[this.ey.length - 1]];
    const W = this.width - M.left - M.right, H = this.height - M.top - M.bottom;
    const ex = this.ex.map(t => M.left + (t - x0) / (x1 - x0) * W), ey = this.ey.map(t => M.top + H - (t - y0) / (y1 - y0) * H);
    for (let i = 0; i < y.length; i++)
      for (let j = 0; j < x.length; j++)
        parts.push(`<rect x="${ex[j].toFixed(2)}" y="${ey[i + 1].toFixed(2)}" width="${(ex[j + 1] - ex[j] + 0.3).toFixed(2)}" height="${(ey[i] - ey[i + 1] + 0.3).toFixed(2)}" fill="${z[i][j] === null ? '#cccccc' : colour(z[i][j])}"/>`);
    for (const line of this.grid.lines ?? [])
      parts.push(`<path fill="none" stroke="${line.colour}" stroke-width="${line.width ?? 2}"${line.dash ? ` stroke-dasharray="${line.dash.join(' ')}"` : ''} d="${line.segments.map(([a, b, c, d]) => `M${this.px(a).toFixed(2)},${this.py(b).toFixed(2)}L${this.px(c).toFixed(2)},${this.py(d).toFixed(2)}`).join('')}"/>`);
    const f = v => String(Number(v.toPrecision(3)));
    parts.push(`<rect x="${M.left}" y="${M.top}" width="${W}" height="${H}" fill="none" stroke="#333"/>`,
      `<text x="${M.left}" y="${M.top + H + 16}">${f(x[0])}</text><text x="${M.left + W}" y="${M.top + H + 16}" text-anchor="end">${f(x[x.length - 1])}</text>`,
      `<text x="${M.left + W / 2}" y="${this.height - 8}" text-anchor="middle">${xml(this.xlabel)}</text>`,
      `<text x="${M.left - 6}" y="${M.top + H}" text-anchor="end">${f(y[0])}</text><text x="${M.left - 6}" y="${M.top + 10}" text-anchor="end">${f(y[y.length - 1])}</text>`,
      `<text transform="translate(16 ${M.top + H / 2}) rotate(-90)" text-anchor="middle">${xml(this.ylabel)}</text>`, '</g></svg>');
    return parts.join('\n');
  }
}
