// One entry per theory page: which parameter is the x axis, which payload fields are drawn, how a simulation of the
// same setting is asked for and read, and where the page starts away from the schema's defaults (`defaults`). Everything
// else on the page (inputs, ranges, defaults) comes from the schema.

const protocol = name => r => r.protocols.find(p => p.protocol === name).excess_risk;
const simProtocol = name => r => { const p = r.protocols.find(q => q.protocol === name); return [p.mean, p.standard_error]; };
// `simulate relu` reports every quantity as { mean, se } under `quantities`.
const quantity = name => r => [r.quantities[name].mean, r.quantities[name].se];

export const PAGES = {
  linear: {
    title: 'Linear fine-tuning (Shachaf et al. 2021)',
    lead: 'Expected excess risk of gradient-descent fine-tuning from θ_S against training from scratch, as the number of target samples n grows (docs/shachaf2021.md).',
    model: 'linear',
    axis: { param: 'n', from: 1, to: 200, points: 50, scale: 'linear', label: 'n (target samples)' },
    y: { label: 'expected excess risk ‖θ − θ_T‖²_Σ', log: false },
    series: [['fine-tune', protocol('fine-tune')], ['scratch', protocol('scratch')], ['zero-shot', protocol('zero-shot')]],
    ranges: { d: [1, 400], sigma: [0, 2], 'cov-scale': [0.1, 10, true], 'copy-scale': [-2, 2], 'copy-noise': [0, 2], angle: [0, 180],
      'source-norm': [0.1, 4], 'target-norm': [0.1, 4], power: [0, 3], 'spike-value': [0.5, 50, true], 'diff-norm': [0, 3], 'target-sd': [0, 3] },
    simulate: { model: 'linear', points: 5, overrides: { seeds: '20' },
      series: [['fine-tune', simProtocol('fine-tune')], ['scratch', simProtocol('scratch')]] },
  },
  diagonal: {
    title: 'Diagonal linear networks (Anguita et al. 2026)',
    lead: 'Replica prediction of the fine-tuning generalisation error E_FT against the sample ratio α_FT = N/D, for the initialization (c_PT, λ_PT, γ_FT) and task mixture you set (docs/anguita2026.md §3).',
    model: 'diagonal',
    list: true,
    axis: { param: 'alpha-ft', from: 0.05, to: 1, points: 50, scale: 'linear', label: 'α_FT = N/D' },
    y: { label: 'E_FT (replica)', log: true },
    series: [['replica E_FT', r => r.rows.map(x => x.error)]],
    ranges: { 'c-pt': [1e-6, 10, true], 'gamma-ft': [0, 10], 'rho-pt': [0, 1], 'rho-ft-shared': [0, 1], 'rho-ft-new': [0, 1],
      sigma: [0, 1], 'sigma-pt': [0, 1], 'a-pt': [0.1, 10, true] },
    simulate: { model: 'diagonal', points: 5, overrides: { d: '200', seeds: '4' },
      series: [['simulation E_FT', r => r.rows.map(x => [x.mean_error, x.standard_error])]] },
  },
  'deep-linear': {
    title: 'Deep linear transferability (Tahir et al. 2024)',
    lead: 'Risks of scratch training, linear transfer and fine-tuning of a deep linear network against α = n/d, at the feature overlap cos θ you set (docs/tahir2024.md §2).',
    model: 'deep-linear',
    axis: { param: 'alpha', from: 0.05, to: 2, points: 50, scale: 'linear', label: 'α = n/d' },
    y: { label: 'test risk', log: true },
    series: [['scratch', r => r.scratch_risk], ['linear transfer', r => r.linear_transfer_risk], ['fine-tune (depth L)', r => r.fine_tune_risk_depth],
      ['optimal-ridge scratch', r => r.optimal_ridge_scratch_risk]],
    ranges: { d: [10, 2000, true], overlap: [-1, 1], sigma: [0, 1], depth: [1, 10], lambda: [0, 2] },
    simulate: { model: 'deep-linear', points: 5, overrides: { seeds: '4' },
      series: [['simulation (fine-tune)', r => [r.mean_risk, r.standard_error]]] },
  },
  'relu-ntk': {
    title: 'Shallow ReLU, NTK regime (Shachaf et al. 2021)',
    lead: 'Generalisation bounds of a wide two-layer ReLU network fine-tuned from θ_S against training from scratch, as n grows; the simulation overlays the measured test MSE (docs/shachaf2021.md §2.4).',
    model: 'relu-ntk',
    axis: { param: 'n', from: 10, to: 300, points: 25, scale: 'linear', label: 'n (target samples)' },
    y: { label: 'generalisation bound / test MSE', log: true },
    series: [['fine-tune bound', r => r.fine_tune_bound], ['scratch bound', r => r.scratch_bound]],
    ranges: { d: [2, 50], distance: [0, 2], epsilon: [0.01, 1, true] },
    simulate: { model: 'relu', points: 4, overrides: { experiment: 'ntk', width: '200', steps: '2000', seeds: '2' },
      series: [['fine-tune MSE', quantity('fine_tune_mse')], ['scratch MSE', quantity('scratch_mse')]] },
  },
  'relu-overlap': {
    title: 'Shallow ReLU feature overlap (Tahir et al. 2024)',
    lead: 'Fraction of the target teacher outside the span of the source teacher\'s features as the removed fraction μ grows: the n → ∞ error of linear transfer from a perfect source (docs/tahir2024.md §3). '
      + 'The simulation (simulate relu --experiment features) pretrains a mean-field student on the source and overlays, over fresh random teachers, the relative test error of linear transfer, '
      + 'the same fraction for the drawn teachers (the line is one teacher, --seed) and the fraction outside the pretrained student\'s features, the limit linear transfer reaches as n grows.',
    model: 'relu-overlap',
    // The page opens at a size a simulation finishes in seconds at (docs/tahir2024.md §3, Commands); the schema's d = m* = 100 is the paper's.
    defaults: { d: '20', 'teacher-width': '10' },
    axis: { param: 'mu', from: 0, to: 1, points: 50, scale: 'linear', label: 'μ (removed fraction of source neurons)' },
    y: { label: 'fraction of ‖f_T‖² out of span / relative error', log: false },
    series: [['out-of-span fraction', r => r.out_of_span_fraction]],
    ranges: { d: [1, 500], 'teacher-width': [1, 500] },
    simulate: { model: 'relu', points: 5,
      overrides: { experiment: 'features', width: '100', n: '200', 'n-source': '500', lambda: '1e-4', 'init-scale': '0.1', lr: '0.5',
        'pretrain-steps': '1500', steps: '1000', seeds: '4' },
      series: [['linear-transfer error', quantity('linear_transfer')], ['out of span, drawn teachers', quantity('overlap_teacher')],
        ['out of pretrained span', quantity('overlap_student')]] },
  },
};
