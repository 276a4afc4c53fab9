// drs-monitor dashboard: plain JavaScript, no libraries, refreshed every 3 seconds from the query API.
'use strict';

const REFRESH_MS = 3000;
let selected = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

function bar(ratio, kind) {
  const pct = ratio == null ? 0 : Math.round(ratio * 100);
  const inner = el('span');
  inner.style.width = pct + '%';
  return el('span', {}, el('span', { class: 'bar ' + (kind || '') }, inner),
    el('span', { class: 'num' }, ratio == null ? '–' : pct + '%'));
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function drProgress(dr) {
  if (!dr || !dr.objectTypes || dr.objectTypes.length === 0) return null;
  let src = 0, dst = 0;
  for (const t of dr.objectTypes) { src += t.srcCount; dst += Math.min(t.dstCount, t.srcCount); }
  return src === 0 ? (dr.done === dr.drJobs ? 1 : 0) : dst / src;
}

function renderProjects(projects) {
  const body = document.querySelector('#projects tbody');
  body.replaceChildren();
  if (projects.length === 0) {
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'Waiting for the first summaries…')));
    return;
  }
  for (const p of projects) {
    const pc = p.precheck, dr = p.drInit;
    const checks = pc ? `${pc.jobsPassed} passed · ${pc.jobsFailed} failed · ${pc.jobsInProgress} running` +
      (pc.jobsWithErrors ? ` · ${pc.jobsWithErrors} errors` : '') : '–';
    const failing = pc ? el('span', { class: pc.failedItems ? 'bad' : '' }, `${pc.failedItems} failed`, ' / ',
      el('span', { class: pc.alarmItems ? 'warn' : '' }, `${pc.alarmItems} alarm`)) : '–';
    const drText = dr ? el('span', {}, `${dr.done}/${dr.drJobs} done`, dr.failed ? el('span', { class: 'bad' }, ` · ${dr.failed} failed`) : '',
      dr.stalled ? el('span', { class: 'warn' }, ` · ${dr.stalled} stalled`) : '') : '–';
    const row = el('tr', { 'data-project': p.projectId }, el('td', { title: p.projectId }, p.projectId.slice(0, 12) + '…'),
      el('td', {}, checks), el('td', {}, bar(pc ? pc.passRate : null)), el('td', {}, failing),
      el('td', {}, drText), el('td', {}, bar(drProgress(dr), 'dr')));
    if (p.projectId === selected) row.classList.add('selected');
    row.addEventListener('click', () => { selected = p.projectId; refresh(); });
    body.append(row);
  }
}

function renderAlerts(alerts) {
  const list = document.querySelector('#alerts');
  list.replaceChildren();
  if (alerts.length === 0) { list.append(el('li', { class: 'muted' }, 'No alerts yet.')); return; }
  for (const a of alerts) {
    const when = new Date(a.raisedAt).toLocaleTimeString();
    list.append(el('li', { class: a.state === 'RESOLVED' ? 'RESOLVED' : a.severity, 'data-kind': a.kind },
      el('strong', {}, `${a.state === 'RESOLVED' ? 'RESOLVED' : a.severity} ${a.kind}`), el('br'),
      a.message, el('br'), el('span', { class: 'muted' }, `${when} · job ${a.jobId.slice(0, 8)} · project ${a.projectId.slice(0, 8)}`)));
  }
}

function renderHistory(points) {
  const svg = document.querySelector('#history');
  svg.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const width = 720, height = 160, left = 30, bottom = 20;
  const currentHour = Math.floor(Date.now() / 3600000) * 3600000;
  const byHour = new Map(points.map(p => [Date.parse(p.hourStart), p]));
  const slot = (width - left) / 24;
  for (let i = 0; i < 24; i++) {
    const hour = currentHour - (23 - i) * 3600000;
    const p = byHour.get(hour);
    if (!p || p.passRate == null) continue;
    const h = (height - bottom - 10) * p.passRate;
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', left + i * slot + 2);
    rect.setAttribute('y', height - bottom - h);
    rect.setAttribute('width', slot - 4);
    rect.setAttribute('height', Math.max(h, 1));
    rect.setAttribute('fill', p.passRate >= 0.9 ? '#2f9e6a' : p.passRate >= 0.5 ? '#e0a100' : '#c9423a');
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${new Date(hour).toLocaleTimeString()}: ${p.passed}/${p.finished} passed`;
    rect.append(title);
    svg.append(rect);
  }
  for (const [y, label] of [[10, '100%'], [height - bottom, '0%']]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', 0); t.setAttribute('y', y + 4); t.setAttribute('font-size', '10'); t.textContent = label;
    svg.append(t);
  }
}

function rows(tbody, items, cells) {
  const body = document.querySelector(tbody);
  body.replaceChildren();
  for (const item of items) body.append(el('tr', {}, ...cells(item).map(c => el('td', {}, c))));
}

async function renderDetail(projectId) {
  const detail = document.querySelector('#detail');
  if (!projectId) { detail.hidden = true; return; }
  detail.hidden = false;
  document.querySelector('#detail-project').textContent = projectId;
  const [pc, dr, history] = await Promise.all([
    getJson(`/api/projects/${projectId}/precheck`).catch(() => null),
    getJson(`/api/projects/${projectId}/dr-init`).catch(() => null),
    getJson(`/api/projects/${projectId}/history?hours=24`).catch(() => ({ points: [] }))]);
  rows('#failing-items tbody', pc ? pc.topFailingItems : [], i => [i.item, i.group || '', i.failed, i.alarm]);
  rows('#directions tbody', pc ? pc.byDirection : [], d => [d.direction, d.jobs, d.passed, d.failed, d.inProgress]);
  rows('#object-types tbody', dr ? dr.objectTypes : [], t => [t.type, t.srcCount, t.dstCount, bar(t.completionRatio, 'dr')]);
  document.querySelector('#oldest').textContent = dr && dr.oldestRunningJobId
    ? `Oldest running initialization: job ${dr.oldestRunningJobId}, since ${new Date(dr.oldestRunningStartedAt).toLocaleString()}` : '';
  renderHistory(history.points);
}

async function refresh() {
  const health = document.querySelector('#health');
  try {
    const status = await fetch('/health', { cache: 'no-store' }).then(r => r.json());
    health.textContent = status.status;
    health.className = 'pill ' + (status.status === 'UP' ? 'up' : 'down');
    const [projects, alerts] = await Promise.all([getJson('/api/projects'), getJson('/api/alerts?limit=30')]);
    renderProjects(projects.projects);
    renderAlerts(alerts.alerts);
    if (!selected && projects.projects.length > 0) selected = projects.projects[0].projectId;
    await renderDetail(selected);
    document.querySelector('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    health.textContent = 'waiting: ' + e.message;
    health.className = 'pill down';
  }
}

refresh();
setInterval(refresh, REFRESH_MS);

// Say plainly when DRS is the built-in simulator, and that the demo's stall threshold is short.
fetch('/api/info', { cache: 'no-store' }).then(r => r.json()).then(info => {
  if (info.drs !== 'simulated') return;
  const mode = document.querySelector('#mode');
  mode.textContent = 'Simulated DRS' + (info.demoEvents ? ` (demo: a DR initialization counts as stalled after ${info.drStallSeconds} s without progress; 10 min for real DRS)` : '');
  mode.hidden = false;
}).catch(() => {});
