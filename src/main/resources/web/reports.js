// The reports page (/reports/): every report of GET /v1/reports/{report} and the SLA advice of
// GET /v1/sla/advice for one set of filters, each as a bar chart and a table, each with a CSV
// download that is the API's own CSV (Accept: text/csv). Signed in as an admin, supervisor or agent:
// the API decides what each may count (a supervisor's scope, an agent's own tickets) and refuses
// what they may not (403); a refusal or a bad filter is shown in the report's place with the
// problem's own words, never hidden. The filters live in the address bar's query, so a reload or a
// shared link shows the same figures. Admins also get the SLA dry-run: a proposed SLA configuration
// (the YAML of the file's calendars and sla sections) replayed over the same range by
// POST /v1/sla/dry-run, recorded against proposed attainment per group.

import { h, fill, $ } from './dom.js';
import { t, span, languageSelect, onLangChange } from './i18n.js';
import { api, apiText, useToken, ApiError } from './api.js';
import { signIn, clear } from './session.js';
import { barChart, legend } from './chart.js';

const DIMENSIONS = ['team', 'agent', 'queue', 'tier', 'channel', 'type', 'priority', 'policy'];
/**
 * kind: 'tickets' reports take every filter and groupBy; 'timeline' (event counts through each
 * ticket's current dimensions) every one but policy; 'handoffs' the filters but policy, no groupBy
 * (always per receiving team); 'agents' (occupancy) only the agent filter. series(columns): the
 * chart's bars.
 */
const REPORTS = [
  { name: 'response-times', kind: 'tickets', series: () => ['first_response_wall_p50_ms', 'first_response_wall_p90_ms',
    'resolution_wall_p50_ms', 'resolution_wall_p90_ms'] },
  { name: 'resolution', kind: 'tickets', series: () => ['first_contact_resolution_rate', 'reopen_rate'] },
  { name: 'satisfaction', kind: 'tickets', series: () => ['csat_1', 'csat_2', 'csat_3', 'csat_4', 'csat_5'] },
  { name: 'backlog', kind: 'timeline', series: () => ['created', 'resolved', 'open_at_end'] },
  { name: 'sla-events', kind: 'timeline', series: cols => cols.filter(c => /^breaches_/.test(c))
    .concat(['escalations', 'compensations']) },
  { name: 'handoffs', kind: 'handoffs', series: () => ['handoffs', 'accepted', 'overdue'] },
  { name: 'occupancy', kind: 'agents', series: () => ['available_ms', 'busy_ms', 'away_ms'] },
];
const ADVICE_SERIES = ['business_p50_ms', 'supported_target_ms', 'target_ms'];
const DRY_RUN_SERIES = ['first_response_recorded_attainment', 'first_response_proposed_attainment',
  'resolution_recorded_attainment', 'resolution_proposed_attainment'];
/** What the dry-run's editor starts with: the shape of the configuration file's sla section. */
const DRY_RUN_EXAMPLE = [
  'sla:',
  '  policies:',
  '    - name: vip',
  '      match: {tiers: [vip]}',
  '      targets: {firstResponse: 1m, resolution: 4h}',
  '    - name: standard',
  '      match: {}',
  '      targets: {firstResponse: 5m, resolution: 1d}',
  ''].join('\n');
/** The dimensions of the timeline reports and handoffs: ticket_dims has no policy. */
const TIMELINE_DIMENSIONS = DIMENSIONS.filter(d => d !== 'policy');
const root = $('#app');
let state;

async function main(message) {
  const session = await signIn(root, ['admin', 'supervisor', 'agent'], message);
  useToken(session.token, () => signOut(t('signin.expired')));
  state = { session, filters: readFilters(), results: {} };
  layout();
  refresh();
}

function signOut(message) {
  clear();
  state = null;
  main(message);
}

// ---- filters: the address bar's query <-> the form ----

function defaults() {
  const day = d => d.toISOString().slice(0, 10);
  const now = new Date();
  return { from: day(new Date(now.getTime() - 6 * 86400000)), to: day(new Date(now.getTime() + 86400000)),
    calendar: '', bucket: 'day', groupBy: [], metric: 'firstResponse', percentile: '80', handleTime: '', target: '',
    ...Object.fromEntries(DIMENSIONS.map(d => [d, ''])) };
}

function readFilters() {
  const f = defaults();
  const q = new URLSearchParams(location.search);
  for (const key of Object.keys(f)) {
    if (!q.has(key)) continue;
    f[key] = key === 'groupBy' ? q.get(key).split(',').filter(Boolean) : q.get(key);
  }
  return f;
}

function formFilters() {
  const f = {};
  for (const key of Object.keys(defaults())) {
    if (key === 'groupBy') f.groupBy = DIMENSIONS.filter(d => $('#group-' + d).checked);
    else f[key] = $('#f-' + key).value.trim();
  }
  return f;
}

/** The query of one request: only the parameters that endpoint takes, so none is refused for being there. */
function query(kind, f) {
  const q = new URLSearchParams();
  q.set('from', f.from);
  q.set('to', f.to);
  if (f.calendar) q.set('calendar', f.calendar);
  if (kind === 'advice') {
    q.set('metric', f.metric);
    if (f.percentile) q.set('percentile', f.percentile);
    if (f.groupBy.length) q.set('groupBy', f.groupBy.join(','));
    if (f.handleTime) q.set('handleTime', f.handleTime);
    if (f.target) q.set('target', f.target);
    return q.toString();
  }
  if (f.bucket) q.set('bucket', f.bucket);
  if (kind === 'tickets' || kind === 'timeline' || kind === 'handoffs') {
    const dims = kind === 'tickets' ? DIMENSIONS : TIMELINE_DIMENSIONS;
    const groupBy = kind === 'handoffs' ? [] : f.groupBy.filter(d => dims.includes(d));
    if (groupBy.length) q.set('groupBy', groupBy.join(','));
    for (const d of dims) if (f[d]) q.set(d, f[d]);
  } else if (kind === 'agents' && f.agent) {
    q.set('agent', f.agent);
  }
  return q.toString();
}

function path(report, f) {
  return report === 'advice' ? '/v1/sla/advice?' + query('advice', f)
    : `/v1/reports/${report}?` + query(REPORTS.find(r => r.name === report).kind, f);
}

function apply(event) {
  event.preventDefault();
  state.filters = formFilters();
  const q = new URLSearchParams();
  const d = defaults();
  for (const [key, value] of Object.entries(state.filters)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text !== (Array.isArray(d[key]) ? d[key].join(',') : d[key]) || key === 'from' || key === 'to') q.set(key, text);
  }
  history.replaceState(null, '', location.pathname + '?' + q.toString());
  refresh();
}

/** Fetches every report and the advice for the current filters, in parallel; each renders as it lands. */
function refresh() {
  const f = state.filters;
  const asked = (state.asked || 0) + 1;
  state.asked = asked;
  $('#reports').dataset.loading = String(REPORTS.length + 1);
  for (const name of REPORTS.map(r => r.name).concat('advice')) {
    state.results[name] = { loading: true };
    render(name);
    api('GET', path(name, f)).then(body => ({ body }), error => ({ error }))
      .then(result => {
        if (asked !== state.asked) return; // a newer filter change owns the screen
        state.results[name] = result;
        render(name);
        const left = Number($('#reports').dataset.loading) - 1;
        $('#reports').dataset.loading = String(left);
        if (left === 0) $('#reports').dataset.asked = String(asked);
      });
  }
}

async function download(name) {
  const status = $(`#${name}-csv-status`);
  status.textContent = '';
  try {
    const csv = await apiText(path(name, state.filters), 'text/csv');
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = h('a', { href: url, download: `${name}_${state.filters.from}_${state.filters.to}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    status.textContent = problemText(e);
  }
}

// ---- formatting ----

function isDuration(col) { return /_ms$/.test(col); }
function isRate(col) { return /(_rate|_attainment|_share)$/.test(col) || col === 'attainment'; }

/** A value as the table shows it: durations as "1 m 05 s", rates as "83.3 %", other numbers as they are. */
function format(col, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('reports.yes') : t('reports.no');
  if (typeof v !== 'number') return String(v);
  if (isDuration(col)) return Math.abs(v) < 1000 && v !== 0 ? `${Math.round(v)} ms` : (v < 0 ? '−' : '') + span(Math.abs(v));
  if (isRate(col)) return `${(v * 100).toFixed(1)} %`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function bucketText(iso) {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}

/** A row's name on the chart: its bucket (when there are several) and its group's values. */
function rowLabel(row, body) {
  const parts = [];
  if (row.bucket && body.bucket) parts.push(bucketText(row.bucket));
  for (const d of body.groupBy || []) parts.push(row[d] === null ? t('reports.none') : row[d]);
  if (row.agent !== undefined && !(body.groupBy || []).includes('agent')) parts.push(row.agent);
  return parts.join(' · ') || t('reports.all');
}

function problemText(e) {
  if (!(e instanceof ApiError)) return String(e.message || e);
  const p = e.problem || {};
  const errors = (p.errors || []).map(x => `${x.pointer}: ${x.message}`);
  return [`${e.status} ${p.title || ''}`.trim(), p.detail, ...errors].filter(Boolean).join(' — ');
}

// ---- rendering ----

function layout() {
  const f = state.filters;
  const field = (key, type, attrs) => h('label', { class: 'field' }, t('reports.' + key),
    h('input', { id: 'f-' + key, name: key, type, value: f[key], ...attrs }));
  const select = (key, options) => h('label', { class: 'field' }, t('reports.' + key),
    h('select', { id: 'f-' + key, name: key }, options.map(([value, text]) =>
      h('option', { value, selected: f[key] === value }, text))));
  fill(root,
    h('header', { class: 'bar' },
      h('h1', {}, t('app.reports')),
      h('span', { id: 'who' }, `${state.session.sub} (${state.session.role})`),
      h('nav', { class: 'row', 'aria-label': t('nav.label') },
        h('a', { href: '/desk/' }, t('nav.desk')), h('a', { href: '/board/' }, t('nav.board'))),
      languageSelect(h),
      h('button', { id: 'signout', onclick: () => signOut() }, t('signin.out'))),
    h('form', { id: 'filters', class: 'card filters', onsubmit: apply, 'aria-label': t('reports.filters') },
      h('div', { class: 'row' },
        field('from', 'text', { required: true, size: 16, placeholder: '2026-11-02' }),
        field('to', 'text', { required: true, size: 16, placeholder: '2026-11-09' }),
        field('calendar', 'text', { size: 12, placeholder: '24x7' }),
        select('bucket', [['', t('reports.bucketNone')], ['hour', t('reports.hour')], ['day', t('reports.day')],
          ['week', t('reports.week')]])),
      h('fieldset', { class: 'row' }, h('legend', {}, t('reports.groupBy')),
        DIMENSIONS.map(d => h('label', {}, h('input', { type: 'checkbox', id: 'group-' + d, checked: f.groupBy.includes(d) }),
          ' ' + t('dim.' + d)))),
      h('fieldset', { class: 'row' }, h('legend', {}, t('reports.only')),
        DIMENSIONS.map(d => h('label', { class: 'field' }, t('dim.' + d),
          h('input', { id: 'f-' + d, name: d, type: 'text', size: 9, value: f[d] })))),
      h('fieldset', { class: 'row' }, h('legend', {}, t('reports.advice')),
        select('metric', [['firstResponse', t('reports.firstResponse')], ['resolution', t('reports.resolutionTime')]]),
        field('percentile', 'number', { min: 1, max: 99.9, step: 'any', size: 5 }),
        field('handleTime', 'number', { min: 1, step: 'any', size: 6 }),
        field('target', 'number', { min: 0, step: 'any', size: 6 })),
      h('button', { type: 'submit', class: 'primary', id: 'apply' }, t('reports.apply'))),
    h('main', { id: 'reports', class: 'reports' },
      REPORTS.map(r => section(r.name)), section('advice'),
      state.session.role === 'admin' ? dryRunSection() : null));
  for (const name of Object.keys(state.results)) render(name);
  if (state.dryRun) renderDryRun();
}

// ---- the SLA dry-run (admins) ----

/** The body of POST /v1/sla/dry-run for the current filters and the proposal in the editor. */
function dryRunBody(f, proposal) {
  const body = { from: f.from, to: f.to, proposal };
  if (f.calendar) body.calendar = f.calendar;
  if (f.groupBy.length) body.groupBy = f.groupBy;
  const filters = {};
  for (const d of DIMENSIONS) {
    const values = f[d].split(',').map(v => v.trim()).filter(Boolean);
    if (values.length) filters[d] = values;
  }
  if (Object.keys(filters).length) body.filters = filters;
  return body;
}

function dryRunSection() {
  const proposal = state.dryRunProposal === undefined ? DRY_RUN_EXAMPLE : state.dryRunProposal;
  return h('section', { id: 'dry-run', class: 'card report', 'aria-labelledby': 'dry-run-title' },
    h('h2', { id: 'dry-run-title' }, t('report.dry-run')),
    h('p', { class: 'muted help' }, t('report.dry-run.help')),
    h('form', { id: 'dry-run-form', onsubmit: runDryRun },
      h('label', { class: 'field' }, t('dryRun.proposal'),
        h('textarea', { id: 'dry-run-proposal', rows: 10, cols: 60, spellcheck: 'false',
          oninput: e => { state.dryRunProposal = e.target.value; } }, proposal)),
      h('button', { type: 'submit', class: 'primary', id: 'dry-run-submit' }, t('dryRun.run'))),
    h('div', { id: 'dry-run-body' }));
}

async function runDryRun(event) {
  event.preventDefault();
  const proposal = $('#dry-run-proposal').value;
  state.dryRunProposal = proposal;
  const body = dryRunBody(state.filters, proposal);
  const asked = (state.dryRunAsked || 0) + 1;
  state.dryRunAsked = asked;
  state.dryRun = { loading: true };
  renderDryRun();
  const result = await api('POST', '/v1/sla/dry-run', body).then(b => ({ body: b }), error => ({ error }));
  if (!state || asked !== state.dryRunAsked) return;
  state.dryRun = result;
  renderDryRun();
}

function renderDryRun() {
  const el = $('#dry-run-body');
  if (!el) return;
  const result = state.dryRun;
  $('#dry-run').dataset.state = result.loading ? 'loading' : result.error ? 'error' : 'ok';
  if (result.loading) { fill(el, h('p', { class: 'muted' }, t('reports.loading'))); return; }
  if (result.error) {
    const e = result.error;
    const errors = (e.problem && e.problem.errors) || [];
    fill(el, h('p', { class: 'error problem', role: 'alert', dataset: { status: e.status || '' } }, problemText(e)),
      errors.length ? h('ul', { id: 'dry-run-fields', class: 'error' }, errors.map(x =>
        h('li', { dataset: { pointer: x.pointer } }, h('code', {}, x.pointer), ' ', x.message))) : null);
    return;
  }
  const body = result.body;
  const rows = body.groups;
  const series = DRY_RUN_SERIES.filter(s => body.columns.includes(s));
  const names = Object.fromEntries(series.map(s => [s, column(s)]));
  const changed = m => rows.reduce((n, r) => n + (r[m] || 0), 0);
  fill(el,
    h('p', { class: 'muted range' }, t('reports.range', { from: bucketText(body.from), to: bucketText(body.to),
      zone: body.zone })),
    h('p', { id: 'dry-run-summary' }, t('dryRun.summary', {
      fm: changed('first_response_newly_met'), fx: changed('first_response_newly_missed'),
      rm: changed('resolution_newly_met'), rx: changed('resolution_newly_missed') })),
    rows.length === 0 ? h('p', { class: 'muted empty' }, t('reports.empty')) : [
      h('div', { class: 'chart-box' }, barChart({ id: 'dry-run-chart', title: t('report.dry-run'), rows, series,
        label: row => rowLabel(row, body), format, names, durations: false, counts: false })),
      legend(h, series, names),
      table('dry-run', body.columns, rows)]);
}

function section(name) {
  return h('section', { id: name, class: 'card report', 'aria-labelledby': name + '-title' },
    h('div', { class: 'row spread' },
      h('h2', { id: name + '-title' }, t('report.' + name)),
      h('span', {},
        h('button', { id: name + '-csv', class: 'csv', onclick: () => download(name) }, t('reports.csv')),
        ' ', h('span', { id: name + '-csv-status', class: 'error', role: 'alert' }))),
    h('p', { class: 'muted help' }, t('report.' + name + '.help')),
    h('div', { id: name + '-body' }));
}

function render(name) {
  const el = $(`#${name}-body`);
  if (!el) return;
  const result = state.results[name];
  const sectionEl = $('#' + name);
  sectionEl.dataset.state = !result || result.loading ? 'loading' : result.error ? 'error' : 'ok';
  if (!result || result.loading) { fill(el, h('p', { class: 'muted' }, t('reports.loading'))); return; }
  if (result.error) {
    const e = result.error;
    fill(el, h('p', { class: 'error problem', role: 'alert', dataset: { status: e.status || '' } },
      e instanceof ApiError && e.status === 403 ? t('reports.forbidden') + ' ' : '', problemText(e)));
    return;
  }
  const body = result.body;
  const rows = name === 'advice' ? body.groups : body.rows;
  const columns = body.columns.filter(c => c !== 'bucket' || body.bucket);
  const series = (name === 'advice' ? ADVICE_SERIES : REPORTS.find(r => r.name === name).series(body.columns))
    .filter(s => body.columns.includes(s));
  const names = Object.fromEntries(series.map(s => [s, column(s)]));
  fill(el,
    h('p', { class: 'muted range' }, t('reports.range', { from: bucketText(body.from), to: bucketText(body.to), zone: body.zone })
      + (name === 'advice' ? ' · ' + t('reports.percentileOf', { p: body.percentile, metric: body.metric }) : '')),
    rows.length === 0 ? h('p', { class: 'muted empty' }, t('reports.empty')) : [
      h('div', { class: 'chart-box' }, barChart({ id: name + '-chart', title: t('report.' + name), rows, series,
        label: row => rowLabel(row, body), format, names, durations: series.every(isDuration),
        counts: !series.some(s => isDuration(s) || isRate(s)) })),
      legend(h, series, names),
      table(name, columns, rows)],
    name === 'advice' && body.staffing ? staffing(body.staffing) : null);
}

function column(col) {
  const key = 'col.' + col;
  const text = t(key);
  return text === key ? col.replace(/_/g, ' ') : text;
}

function table(name, columns, rows) {
  return h('div', { class: 'table-box' }, h('table', { id: name + '-table', class: 'figures' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', dataset: { col: c } }, column(c))))),
    h('tbody', {}, rows.map((row, i) => h('tr', { dataset: { row: i } }, columns.map(c => h('td', {
      class: typeof row[c] === 'number' ? 'num' : '', dataset: { col: c, value: row[c] === null ? 'null' : row[c] } },
    c === 'bucket' ? bucketText(row[c]) : format(c, row[c]))))))));
}

function staffing(s) {
  const cols = ['hour_of_week', 'hours', 'arrivals', 'arrivals_per_hour', 'agents_available', 'agents_needed', 'infeasible'];
  const days = t('reports.weekdays').split(',');
  const slot = v => `${days[Math.floor(v / 24)]} ${String(v % 24).padStart(2, '0')}:00`;
  const bad = s.hours.filter(x => x.infeasible).length;
  return h('div', { id: 'staffing' },
    h('h3', {}, t('reports.staffing', { share: Math.round(s.share * 100), target: s.target, handle: s.handleTime })),
    h('p', { class: bad ? 'error' : 'muted', id: 'staffing-summary' }, t('reports.infeasible', { n: bad, of: s.hours.length })),
    h('div', { class: 'table-box' }, h('table', { id: 'staffing-table', class: 'figures' },
      h('thead', {}, h('tr', {}, cols.map(c => h('th', { scope: 'col' }, column(c))))),
      h('tbody', {}, s.hours.map(x => h('tr', { class: x.infeasible ? 'infeasible' : '' }, cols.map(c => h('td', {
        class: 'num', dataset: { col: c, value: x[c] } },
      c === 'hour_of_week' ? slot(x[c]) : format(c, x[c])))))))));
}

onLangChange(() => { if (state) layout(); });

main();
