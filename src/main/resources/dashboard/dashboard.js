// drs-monitor dashboard: plain JavaScript, no libraries, refreshed every 3 seconds from the query API.
// Routes: #/ (all projects), #/projects/{projectId}, #/projects/{projectId}/jobs/{jobId}.
'use strict';

const REFRESH_MS = 3000;
// Pass-rate colours: at least GOOD is green, at least WARN amber, anything lower red.
const PASS_RATE_GOOD = 0.9;
const PASS_RATE_WARN = 0.7;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return {
    project: parts[0] === 'projects' && parts[1] ? parts[1] : null,
    job: parts[0] === 'projects' && parts[2] === 'jobs' && parts[3] ? parts[3] : null,
  };
}

function projectLink(projectId) {
  return '#/projects/' + encodeURIComponent(projectId);
}

function jobLink(projectId, jobId) {
  return projectLink(projectId) + '/jobs/' + encodeURIComponent(jobId);
}

function rateClass(ratio) {
  return ratio == null ? '' : ratio >= PASS_RATE_GOOD ? 'good' : ratio >= PASS_RATE_WARN ? 'warn' : 'bad';
}

/** A bar: pass rates coloured by the scale, DR progress ('dr') in blue. */
function bar(ratio, kind) {
  const pct = ratio == null ? 0 : Math.round(ratio * 100);
  const inner = el('span');
  inner.style.width = pct + '%';
  const attrs = { class: 'bar ' + (kind || rateClass(ratio)) };
  if (ratio != null) attrs['data-ratio'] = ratio;
  return el('span', {}, el('span', attrs, inner), el('span', { class: 'num' }, ratio == null ? '–' : pct + '%'));
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

function renderProjects(projects, selected) {
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
    row.addEventListener('click', () => { location.hash = projectLink(p.projectId); });
    body.append(row);
  }
}

function renderAlerts(alerts, project) {
  document.querySelector('#alerts-scope').textContent = project ? `project ${project.slice(0, 12)}…` : 'all projects';
  const list = document.querySelector('#alerts');
  list.replaceChildren();
  if (alerts.length === 0) { list.append(el('li', { class: 'muted' }, project ? 'No alerts for this project.' : 'No alerts yet.')); return; }
  for (const a of alerts) {
    const when = new Date(a.raisedAt).toLocaleTimeString();
    list.append(el('li', { class: a.state === 'RESOLVED' ? 'RESOLVED' : a.severity, 'data-kind': a.kind, 'data-project': a.projectId },
      el('strong', {}, `${a.state === 'RESOLVED' ? 'RESOLVED' : a.severity} ${a.kind}`), el('br'),
      a.message, el('br'), el('span', { class: 'muted' }, `${when} · `,
        el('a', { href: jobLink(a.projectId, a.jobId) }, `job ${a.jobId.slice(0, 8)}`), ` · project ${a.projectId.slice(0, 8)}`)));
  }
}

function svgNode(tag, attrs, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

function renderHistory(points) {
  const svg = document.querySelector('#history');
  svg.replaceChildren();
  const width = 720, height = 180, left = 34, bottom = 34, top = 10;
  const currentHour = Math.floor(Date.now() / 3600000) * 3600000;
  const byHour = new Map(points.map(p => [Date.parse(p.hourStart), p]));
  const slot = (width - left) / 24;
  const plot = height - bottom - top;
  for (let i = 0; i < 24; i++) {
    const hour = currentHour - (23 - i) * 3600000;
    const p = byHour.get(hour);
    if (i % 3 === 2 || i === 23) {
      // The time axis: every third hour, the hour it starts at.
      const x = left + i * slot + slot / 2;
      svg.append(svgNode('line', { x1: x, x2: x, y1: height - bottom, y2: height - bottom + 4, stroke: '#7a8190' }));
      svg.append(svgNode('text', { x, y: height - bottom + 16, 'font-size': 11, 'text-anchor': 'middle', class: 'hour' },
        new Date(hour).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
    if (!p || p.passRate == null) continue;
    const h = plot * p.passRate;
    const rect = svgNode('rect', { x: left + i * slot + 2, y: height - bottom - h, width: slot - 4, height: Math.max(h, 1),
      fill: { good: '#2f9e6a', warn: '#e0a100', bad: '#c9423a' }[rateClass(p.passRate)] });
    rect.append(svgNode('title', {}, `${new Date(hour).toLocaleTimeString()}: ${p.passed}/${p.finished} passed`));
    svg.append(rect);
  }
  svg.append(svgNode('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#7a8190' }));
  for (const [y, label] of [[top, '100%'], [top + plot / 2, '50%'], [height - bottom, '0%']]) {
    svg.append(svgNode('text', { x: 0, y: y + 4, 'font-size': 11 }, label));
  }
  svg.append(svgNode('text', { x: width, y: height - 2, 'font-size': 11, 'text-anchor': 'end', fill: '#7a8190' }, 'hour starting'));
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
  const oldest = document.querySelector('#oldest');
  oldest.replaceChildren();
  if (dr && dr.oldestRunningJobId) {
    oldest.append('Oldest running initialization: ', el('a', { href: jobLink(projectId, dr.oldestRunningJobId) }, `job ${dr.oldestRunningJobId}`),
      `, since ${new Date(dr.oldestRunningStartedAt).toLocaleString()}`);
  }
  renderHistory(history.points);
}

async function renderJob(projectId, jobId) {
  const section = document.querySelector('#job');
  if (!jobId) { section.hidden = true; return; }
  section.hidden = false;
  document.querySelector('#job-id').textContent = jobId;
  document.querySelector('#job-back').setAttribute('href', projectLink(projectId));
  const missing = document.querySelector('#job-missing');
  let job;
  try {
    job = await getJson(`/api/jobs/${encodeURIComponent(jobId)}`);
    missing.hidden = true;
  } catch (e) {
    missing.textContent = `No job ${jobId} in the summaries (${e.message}).`;
    missing.hidden = false;
    job = { precheck: null, drInit: null };
  }
  const pc = job.precheck, dr = job.drInit;
  document.querySelector('#job-precheck').hidden = !pc;
  document.querySelector('#job-dr').hidden = !dr;
  if (pc) {
    document.querySelector('#job-precheck-status').textContent = `${pc.status}${pc.complete ? '' : ' (running)'} · ` +
      `${pc.processPercent == null ? '–' : pc.processPercent + '% done'} · items passed ${pc.totalPassedRatePercent == null ? '–' : pc.totalPassedRatePercent + '%'}` +
      ` · observed ${new Date(pc.observedAt).toLocaleString()}` + (pc.errorCode ? ` · DRS error ${pc.errorCode}: ${pc.errorMsg || ''}` : '');
    const items = [...pc.failedItems.map(i => ({ ...i, verdict: 'FAILED' })), ...pc.alarmItems.map(i => ({ ...i, verdict: 'ALARM' }))];
    rows('#job-items tbody', items, i => [i.item, i.group || '', el('span', { class: i.verdict === 'FAILED' ? 'bad' : 'warn' }, i.verdict),
      i.failedReason || '']);
    if (items.length === 0) {
      document.querySelector('#job-items tbody').append(el('tr', {}, el('td', { colspan: 4, class: 'muted' },
        pc.complete ? 'Every check item passed.' : 'No FAILED or ALARM item so far.')));
    }
  }
  if (dr) {
    document.querySelector('#job-dr-status').replaceChildren(el('span', { class: dr.status === 'FAILED' ? 'bad' : '' }, dr.status),
      dr.stalled ? el('span', { class: 'warn' }, ' · stalled') : '',
      dr.startedAt ? ` · started ${new Date(dr.startedAt).toLocaleString()}` : '',
      dr.lastProgressAt ? ` · last progress ${new Date(dr.lastProgressAt).toLocaleString()}` : '',
      dr.errorCode ? ` · DRS error ${dr.errorCode}: ${dr.errorMessage || ''}` : '');
    rows('#job-object-types tbody', dr.objectTypes, t => [t.type, t.srcCount, t.dstCount,
      bar(t.srcCount === 0 ? (t.completed ? 1 : 0) : Math.min(t.dstCount, t.srcCount) / t.srcCount, 'dr')]);
  }
}

async function refresh() {
  const health = document.querySelector('#health');
  const { project, job } = route();
  try {
    const status = await fetch('/health', { cache: 'no-store' }).then(r => r.json());
    health.textContent = status.status;
    health.className = 'pill ' + (status.status === 'UP' ? 'up' : 'down');
    const alertsPath = project ? `/api/alerts?limit=30&projectId=${encodeURIComponent(project)}` : '/api/alerts?limit=30';
    const [projects, alerts] = await Promise.all([getJson('/api/projects'), getJson(alertsPath)]);
    renderProjects(projects.projects, project);
    renderAlerts(alerts.alerts, project);
    await Promise.all([renderJob(project, job), renderDetail(project)]);
    document.querySelector('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    health.textContent = 'waiting: ' + e.message;
    health.className = 'pill down';
  }
}

window.addEventListener('hashchange', refresh);
refresh();
setInterval(refresh, REFRESH_MS);

// Say plainly when DRS is the built-in simulator, and that the demo's stall threshold is short.
fetch('/api/info', { cache: 'no-store' }).then(r => r.json()).then(info => {
  if (info.drs !== 'simulated') return;
  const mode = document.querySelector('#mode');
  mode.textContent = 'Simulated DRS' + (info.demoEvents ? ` (demo: a DR initialization counts as stalled after ${info.drStallSeconds} s without progress; 10 min for real DRS)` : '');
  mode.hidden = false;
}).catch(() => {});
