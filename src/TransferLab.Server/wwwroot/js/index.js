// The start page: one card per view.
import { el, nav } from './common.js';

window.explorer = { page: 'index', ready: true };
nav('index.html');
const views = [
  ['linear.html', 'Linear fine-tuning', 'Shachaf et al. 2021: excess risk of fine-tuning vs scratch against n; covariance, teacher relation, noise.'],
  ['diagonal.html', 'Diagonal networks', 'Anguita et al. 2026: replica E_FT against α_FT for an initialization (c_PT, λ_PT, γ_FT) and task mixture.'],
  ['deep-linear.html', 'Deep linear transferability', 'Tahir et al. 2024: scratch, linear transfer and fine-tuning risks against α = n/d.'],
  ['relu-ntk.html', 'Shallow ReLU (NTK)', 'Shachaf et al. 2021: generalisation bounds of fine-tuning vs scratch for a wide ReLU network.'],
  ['relu-overlap.html', 'Shallow ReLU feature overlap', 'Tahir et al. 2024: target teacher outside the source features\' span, against μ.'],
  ['phase.html', 'Phase diagram T(θ, α)', 'Tahir et al. 2024: where transfer helps, with its zero contour.'],
  ['regime.html', 'Regime map c_PT × γ_FT', 'Anguita et al. 2026: rich/lazy, PT-dependent/independent.'],
  ['results.html', 'Results browser', 'Figures and studies of `transferlab serve --results DIR`.'],
];
const main = el('main', {},
  el('h1', {}, 'TransferLab explorer'),
  el('p', { class: 'lead' }, 'Move a parameter and watch the theory answer; check it against a simulation. Every view shows the equivalent command line, and the JSON API behind it equals the command line\'s --json (see docs/explorer.md).'),
  el('div', { class: 'cards' }, ...views.map(([href, title, text]) => el('div', { class: 'card' }, el('a', { href }, el('strong', {}, title)), el('p', { class: 'muted' }, text)))));
document.body.append(main);
