/*
 * headcount dashboard: the experiment list (index.html) and one experiment (experiment.html).
 * Plain JavaScript: no framework, no build step, nothing loaded from elsewhere.
 *
 * Live updates arrive as Server-Sent Events (report-service/README.md, "Dashboard"): every stream starts
 * with a "snapshot" (also after a reconnect, so a late or reconnected page is right), then sends
 * "progress", "counts", "result", "status" (one experiment) or "progress", "changed" (the list).
 * Figures are the report-service's own SVG documents, fetched and inlined so they can be styled and read.
 */
'use strict';

(function () {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const KINDS = ['importanceMaps', 'fineTunes', 'prunedModels', 'evaluations'];
  const STAGE_ORDER = ['finetune', 'score', 'prune', 'evaluate', 'pruned-finetune', 'report'];
  const COLOURS = ['#2f6fd6', '#e8743b', '#1f8a4c', '#9b59b6', '#c0392b', '#16a2b8', '#8a6d3b', '#e83e8c'];

  // ------------------------------------------------------------------ access

  /*
   * The service's bearer token (report-service/README.md, "Access"). ./headcount run prints the dashboard URL with
   * it in the fragment (#token=...), which the browser never sends anywhere; it is kept in localStorage for the other
   * pages and removed from the address bar. Writes send it as Authorization; event streams, which cannot set
   * headers, as ?access_token= (only needed when the service protects reads too).
   */
  const TOKEN_KEY = 'headcount.token';
  (function takeTokenFromFragment() {
    const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
    if (!match) return;
    try {
      localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    } catch (e) {
      // storage refused (private mode): the token is lost with the page, writes are refused with 401 and say so
    }
    history.replaceState(null, '', window.location.pathname + window.location.search);
  })();

  function token() {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  /** Headers with the token, when there is one. */
  function withToken(headers) {
    const t = token();
    return t ? Object.assign({}, headers, { Authorization: 'Bearer ' + t }) : headers;
  }

  /** A stream URL with the token as a query parameter, when there is one. */
  function streamUrl(url) {
    const t = token();
    return t ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(t) : url;
  }

  // ------------------------------------------------------------------ helpers

  /** An element with attributes (class, data-*, …) and children (nodes or text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attrs);
    children.forEach((child) => { if (child != null) node.append(child); });
    return node;
  }

  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attrs);
    children.forEach((child) => { if (child != null) node.append(child); });
    return node;
  }

  function setAttributes(node, attrs) {
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value != null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
    });
  }

  function setText(node, value) {
    if (node) node.textContent = value == null ? '' : String(value);
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: withToken({ Accept: 'application/json' }), cache: 'no-store' });
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  }

  /** Calls fn once, ms after the last of a burst of calls. */
  function debounce(fn, ms) {
    let timer = null;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function when(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString();
  }

  function bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  }

  function showStatus(node, status) {
    node.className = 'status status-' + (status || 'unknown');
    setText(node, status || 'unknown');
  }

  /** "score · pretrained — scoring (16/32)" */
  function lineText(line) {
    const parts = [];
    if (line.subject) parts.push(line.subject);
    if (line.message) parts.push(line.message);
    let text = parts.join(' — ');
    if (line.total > 0 && line.type !== 'FineTuneProgress') text += ' (' + line.done + '/' + line.total + ')';
    return text;
  }

  /**
   * Opens an event stream. EventSource reconnects by itself after a network error; the snapshot the
   * server sends on every connection brings the page up to date again.
   */
  function connect(url, handlers) {
    const indicator = document.getElementById('connection');
    const source = new EventSource(streamUrl(url));
    source.addEventListener('open', () => {
      indicator.className = 'connection live';
      setText(indicator, 'live');
    });
    source.addEventListener('error', () => {
      const closed = source.readyState === EventSource.CLOSED;
      indicator.className = 'connection lost';
      setText(indicator, closed ? 'disconnected' : 'reconnecting…');
      if (closed && handlers.closed) handlers.closed();
    });
    Object.entries(handlers).forEach(([name, handle]) => {
      if (name === 'closed') return;
      source.addEventListener(name, (event) => handle(JSON.parse(event.data)));
    });
    return source;
  }

  // ------------------------------------------------------------------ the experiment list

  const PRESETS = {
    // the end-to-end test's experiment: about a minute on two cores
    tiny: {
      model: 'builtin:all-MiniLM-L6-v2',
      pretrainingTask: 'builtin/sotu-pairs',
      downstreamTasks: ['builtin/lt-acceptability'],
      samples: { scoringExamples: 32, trainCap: 64, devCap: 32 },
      pruningFractions: [0.0, 0.5],
      rankings: { byTaskImportance: true, randomSeeds: 1 },
      finetuneFractions: [0.5],
      fineTuning: { epochs: 1, batchSize: 16, maxLength: 32, learningRate: 1e-4 },
      seed: 7,
    },
    // headcount run --preset quick
    quick: {
      model: 'builtin:all-MiniLM-L6-v2',
      pretrainingTask: 'builtin/sotu-pairs',
      downstreamTasks: ['builtin/lt-acceptability', 'builtin/spam'],
      samples: { scoringExamples: 48, trainCap: 160, devCap: 64 },
      pruningFractions: [0.0, 0.25, 0.5, 0.75],
      rankings: { byTaskImportance: true, randomSeeds: 1 },
      finetuneFractions: [0.5],
      fineTuning: { epochs: 1, batchSize: 16, maxLength: 48, learningRate: 1e-4 },
      seed: 42,
    },
    // headcount run (--preset default)
    default: {
      model: 'builtin:all-MiniLM-L6-v2',
      pretrainingTask: 'builtin/sotu-pairs',
      downstreamTasks: ['builtin/lt-acceptability', 'builtin/spam', 'builtin/sotu-era'],
      samples: { scoringExamples: 128, trainCap: 800, devCap: 200, trainCapByTask: { 'builtin/lt-acceptability': 2400 } },
      rankings: { byTaskImportance: true, randomSeeds: 5 },
      finetuneFractions: [0.3, 0.5],
      fineTuning: { epochs: 2, batchSize: 32, maxLength: 64, learningRate: 1e-4 },
      seed: 42,
    },
  };

  function indexPage() {
    const rows = document.getElementById('experiment-rows');
    const latest = new Map(); // experiment id → its latest progress line, kept across re-renders

    function totals(progress) {
      let done = 0;
      let expected = 0;
      KINDS.forEach((kind) => {
        const count = (progress || {})[kind] || { done: 0, expected: 0 };
        done += count.done;
        expected += count.expected;
      });
      return { done, expected };
    }

    function row(experiment) {
      const id = experiment.experimentId;
      const total = totals(experiment.progress);
      const status = el('span', { class: 'status' });
      showStatus(status, experiment.status);
      const tasks = [experiment.pretrainingTask, (experiment.downstreamTasks || []).join(', ')]
        .filter(Boolean).join(' → ');
      return el('tr', { class: 'experiment', 'data-id': id },
        el('td', {}, el('a', { class: 'open', href: 'experiment.html?id=' + encodeURIComponent(id) }, id)),
        el('td', { class: 'model' }, experiment.model || ''),
        el('td', { class: 'tasks' }, tasks),
        el('td', {}, status),
        el('td', {},
          el('progress', { class: 'overall', max: Math.max(total.expected, 1), value: total.done }),
          el('span', { class: 'numbers' }, total.done + ' / ' + total.expected)),
        el('td', { class: 'latest', title: latest.get(id) || '' }, latest.get(id) || settled(experiment)));
    }

    /** Until a progress line arrives: when the experiment finished, or was requested. */
    function settled(experiment) {
      if (experiment.completedAt) return 'completed ' + when(experiment.completedAt);
      if (experiment.failedAt) return 'failed ' + when(experiment.failedAt);
      return experiment.requestedAt ? 'requested ' + when(experiment.requestedAt) : '';
    }

    function render(experiments) {
      if (!experiments.length) {
        rows.replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'No experiments yet: submit one below.')));
        return;
      }
      rows.replaceChildren(...experiments.map(row));
    }

    function rowOf(id) {
      return Array.from(rows.querySelectorAll('tr.experiment')).find((tr) => tr.dataset.id === id);
    }

    const refresh = () => getJson('/experiments').then(render).catch((e) => console.warn(e));
    // the list is read again shortly after a burst of changes, and once more a little later: MongoDB is
    // written by the report group's consumer, which may be a moment behind this page's live stream
    const soon = debounce(refresh, 500);
    const later = debounce(refresh, 3000);

    connect('/experiments/stream', {
      snapshot: (data) => render(data.experiments),
      changed: (data) => {
        const tr = rowOf(data.experimentId);
        const badge = tr && tr.querySelector('.status');
        if (badge && data.status && badge.textContent === 'running') showStatus(badge, data.status);
        soon();
        later();
      },
      progress: (line) => {
        const text = line.stage + ': ' + lineText(line);
        latest.set(line.experimentId, text);
        const cell = rowOf(line.experimentId) && rowOf(line.experimentId).querySelector('.latest');
        if (cell) {
          setText(cell, text);
          cell.title = text;
        } else {
          soon();
        }
      },
    });

    submitForm();
  }

  function submitForm() {
    const form = document.getElementById('submit-form');
    const preset = document.getElementById('preset');
    const json = document.getElementById('request-json');
    const note = document.getElementById('json-note');
    const problems = document.getElementById('problems');
    const button = document.getElementById('submit');
    const field = (name) => document.getElementById(name);
    const list = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const numbers = (text) => list(text).map(Number);

    function fill(request) {
      field('model').value = request.model;
      field('pretrainingTask').value = request.pretrainingTask;
      field('downstreamTasks').value = request.downstreamTasks.join(', ');
      field('scoringExamples').value = request.samples.scoringExamples;
      field('trainCap').value = request.samples.trainCap;
      field('devCap').value = request.samples.devCap;
      field('epochs').value = request.fineTuning.epochs;
      field('pruningFractions').value = (request.pruningFractions || []).join(', ');
      field('finetuneFractions').value = (request.finetuneFractions || []).join(', ');
    }

    /** The preset with the fields' values over it; empty fields keep the preset's (or the service's) value. */
    function fromFields() {
      const request = JSON.parse(JSON.stringify(PRESETS[preset.value]));
      const value = (name) => field(name).value.trim();
      if (value('model')) request.model = value('model');
      if (value('pretrainingTask')) request.pretrainingTask = value('pretrainingTask');
      request.downstreamTasks = list(value('downstreamTasks'));
      ['scoringExamples', 'trainCap', 'devCap'].forEach((name) => {
        if (value(name)) request.samples[name] = Number(value(name));
      });
      if (value('epochs')) request.fineTuning.epochs = Number(value('epochs'));
      ['pruningFractions', 'finetuneFractions'].forEach((name) => {
        if (value(name)) request[name] = numbers(value(name));
        else delete request[name];
      });
      return value('experimentId') ? Object.assign({ experimentId: value('experimentId') }, request) : request;
    }

    function write() {
      json.value = JSON.stringify(fromFields(), null, 2);
      note.hidden = true;
    }

    function showProblems(messages) {
      problems.replaceChildren(...messages.map((m) => el('li', {}, m)));
      problems.hidden = messages.length === 0;
    }

    preset.addEventListener('change', () => {
      fill(PRESETS[preset.value]);
      write();
    });
    form.querySelectorAll('.fields input').forEach((input) => input.addEventListener('input', write));
    json.addEventListener('input', () => { note.hidden = false; });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let body;
      try {
        body = JSON.parse(json.value);
      } catch (e) {
        showProblems(['the request is not JSON: ' + e.message]);
        return;
      }
      showProblems([]);
      button.disabled = true;
      try {
        const response = await fetch('/experiments', {
          method: 'POST',
          headers: withToken({ 'Content-Type': 'application/json', Accept: 'application/json' }),
          body: JSON.stringify(body),
        });
        const answer = await response.json().catch(() => ({}));
        if (response.status === 202) {
          window.location.href = 'experiment.html?id=' + encodeURIComponent(answer.experimentId);
          return;
        }
        const problems = answer.problems || ['the service answered ' + response.status];
        if (response.status === 401) {
          problems.push('open the dashboard with the URL ./headcount run printed (it ends in #token=...) to submit');
        }
        showProblems(problems);
      } catch (e) {
        showProblems(['could not submit: ' + e.message]);
      } finally {
        button.disabled = false;
      }
    });

    fill(PRESETS[preset.value]);
    write();
  }

  // ------------------------------------------------------------------ one experiment

  function experimentPage() {
    const id = new URLSearchParams(window.location.search).get('id');
    const $ = (name) => document.getElementById(name);
    if (!id) {
      setText($('experiment-id'), 'no experiment named: open one from the list');
      return;
    }
    document.title = 'headcount · ' + id;
    setText($('experiment-id'), id);
    const base = '/experiments/' + encodeURIComponent(id);
    let status = null;

    // --- status, facts, counts

    function setStatus(value, details) {
      status = value;
      document.body.dataset.status = value;
      showStatus($('status'), value);
      const failure = $('failure');
      if (value === 'failed') {
        failure.hidden = false;
        setText(failure, 'Failed' + (details && details.service ? ' in ' + details.service : '') + ': '
          + ((details && details.reason) || 'see the services\' logs'));
      } else {
        failure.hidden = true;
      }
      if (details && (details.completedAt || details.failedAt)) {
        setText($('finished-at'), when(details.completedAt || details.failedAt));
      }
    }

    function showCounts(counts) {
      KINDS.forEach((kind) => {
        const count = counts[kind];
        if (!count) return;
        const bar = $('bar-' + kind);
        bar.max = Math.max(count.expected, 1);
        bar.value = count.done;
        setText($('count-' + kind), count.done + ' / ' + count.expected);
        bar.closest('.count').classList.toggle('done', count.expected > 0 && count.done >= count.expected);
      });
      // units of work (WorkDone seen) per kind: only the live counts carry them
      if (counts.units) {
        setText($('units'), 'units of work done: ' + Object.entries(counts.units)
          .filter(([, c]) => c.expected > 0).map(([kind, c]) => kind + ' ' + c.done + ' / ' + c.expected).join(' · '));
      }
    }

    // --- stages and the progress log

    function showStage(line) {
      if (!line || !line.stage) return;
      const stages = $('stages');
      stages.querySelectorAll('p.muted').forEach((p) => p.remove());
      let row = stages.querySelector('.stage[data-stage="' + line.stage + '"]');
      if (!row) {
        row = el('div', { class: 'stage', 'data-stage': line.stage },
          el('span', { class: 'name' }, line.stage),
          el('progress', { class: 'stage-bar', 'data-stage': line.stage, max: 1, value: 0 }),
          el('span', { class: 'detail' }));
        const rank = (stage) => (STAGE_ORDER.indexOf(stage) + 1) || STAGE_ORDER.length + 1;
        const after = Array.from(stages.children).find((other) => rank(other.dataset.stage) > rank(line.stage));
        stages.insertBefore(row, after || null);
      }
      const bar = row.querySelector('progress');
      bar.max = Math.max(line.total || 0, 1);
      bar.value = line.total > 0 ? Math.min(line.done, line.total) : 0;
      const detail = row.querySelector('.detail');
      setText(detail, lineText(line));
      detail.title = detail.textContent;
    }

    function addLog(line) {
      const log = $('log');
      log.prepend(el('li', { class: 'line', 'data-stage': line.stage || '' },
        el('span', { class: 'stage-tag' }, line.stage || ''),
        el('span', { class: 'text', title: lineText(line) }, lineText(line))));
      while (log.children.length > 60) log.lastChild.remove();
    }

    // --- training loss: one curve per fine-tuning run, from FineTuneProgress's numeric loss

    const loss = new Map(); // variant → (step → {step, totalSteps, loss})
    let lossFrame = 0;

    function addLoss(line) {
      if (line.type !== 'FineTuneProgress' || typeof line.loss !== 'number' || !isFinite(line.loss)) return;
      if (!loss.has(line.variant)) loss.set(line.variant, new Map());
      loss.get(line.variant).set(line.step, { step: line.step, totalSteps: line.totalSteps, loss: line.loss });
      if (!lossFrame) lossFrame = requestAnimationFrame(drawLoss);
    }

    function drawLoss() {
      lossFrame = 0;
      const series = Array.from(loss.entries())
        .map(([variant, points]) => ({ variant, points: Array.from(points.values()).sort((a, b) => a.step - b.step) }))
        .filter((s) => s.points.length > 0);
      if (!series.length) return;
      const all = series.flatMap((s) => s.points);
      const xMax = Math.max(1, ...all.map((p) => Math.max(p.step, p.totalSteps || 0)));
      let yLo = Math.min(...all.map((p) => p.loss));
      let yHi = Math.max(...all.map((p) => p.loss));
      if (yHi - yLo < 1e-9) { yLo -= 0.5; yHi += 0.5; }
      const pad = (yHi - yLo) * 0.08;
      yLo = Math.max(0, yLo - pad);
      yHi += pad;

      const width = 560;
      const left = 52;
      const right = 14;
      const top = 12;
      const plotHeight = 200;
      const legendTop = top + plotHeight + 62;
      const height = legendTop + 18 * series.length + 4;
      const x = (step) => left + (step / xMax) * (width - left - right);
      const y = (value) => top + (1 - (value - yLo) / (yHi - yLo)) * plotHeight;

      const svg = svgEl('svg', { id: 'loss-svg', viewBox: '0 0 ' + width + ' ' + height, role: 'img',
        'aria-label': 'training loss per fine-tuning run' });
      for (let i = 0; i <= 4; i++) {
        const value = yLo + ((yHi - yLo) * i) / 4;
        svg.append(svgEl('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
        svg.append(svgEl('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, value.toFixed(3)));
      }
      for (let i = 0; i <= 4; i++) {
        const step = Math.round((xMax * i) / 4);
        svg.append(svgEl('text', { x: x(step), y: top + plotHeight + 16, 'text-anchor': 'middle' }, String(step)));
      }
      svg.append(svgEl('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + plotHeight }));
      svg.append(svgEl('line', { class: 'axis', x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }));
      svg.append(svgEl('text', { x: (left + width - right) / 2, y: top + plotHeight + 32, 'text-anchor': 'middle' },
        'optimizer step'));
      svg.append(svgEl('text', { x: 12, y: top + plotHeight / 2, 'text-anchor': 'middle',
        transform: 'rotate(-90 12 ' + (top + plotHeight / 2) + ')' }, 'loss'));

      series.forEach((s, i) => {
        const colour = COLOURS[i % COLOURS.length];
        const points = s.points.map((p) => x(p.step).toFixed(1) + ',' + y(p.loss).toFixed(1)).join(' ');
        svg.append(svgEl('polyline', { class: 'loss', 'data-variant': s.variant, stroke: colour, points },
          svgEl('title', {}, s.variant)));
        s.points.forEach((p) => svg.append(svgEl('circle', { class: 'point', cx: x(p.step), cy: y(p.loss), r: 2.5,
          fill: colour }, svgEl('title', {}, s.variant + ' step ' + p.step + ': ' + p.loss.toFixed(4)))));
        const ly = legendTop + 18 * i;
        svg.append(svgEl('rect', { x: left, y: ly - 9, width: 14, height: 4, fill: colour }));
        svg.append(svgEl('text', { x: left + 20, y: ly - 4 }, s.variant));
      });
      $('loss-chart').replaceChildren(svg);
    }

    // --- figures: the list says what can be drawn now; only figures whose drawing changed are fetched

    let figuresBusy = false;
    let figuresAgain = false;

    async function refreshFigures() {
      if (figuresBusy) {
        figuresAgain = true;
        return;
      }
      figuresBusy = true;
      try {
        do {
          figuresAgain = false;
          await loadFigures();
        } while (figuresAgain);
      } catch (e) {
        console.warn('figures', e);
      } finally {
        figuresBusy = false;
      }
    }

    function groupFor(placement) {
      const figures = $('figures');
      let group = Array.from(figures.querySelectorAll('.figure-group')).find((g) => g.dataset.placement === placement);
      if (!group) {
        group = el('section', { class: 'figure-group', 'data-placement': placement },
          el('h3', {}, placement), el('div', { class: 'group-body' }));
        figures.append(group);
      }
      return group;
    }

    async function loadFigures() {
      const list = await getJson(base + '/figures');
      const listed = new Set(list.map((f) => f.name));
      document.querySelectorAll('#figures figure.figure').forEach((node) => {
        if (!listed.has(node.dataset.name)) node.remove();
      });
      for (const figure of list) {
        let node = Array.from(document.querySelectorAll('#figures figure.figure'))
          .find((n) => n.dataset.name === figure.name);
        if (!node) {
          node = el('figure', { class: 'figure', 'data-name': figure.name, 'data-placement': figure.placement },
            el('div', { class: 'drawing' }),
            el('figcaption', {}, el('span', {}, figure.title),
              el('a', { href: figure.url, target: '_blank', rel: 'noopener' }, 'SVG')));
        }
        groupFor(figure.placement).querySelector('.group-body').append(node); // (re)appended: the list's order
        if (node.dataset.version === figure.version) continue;
        const response = await fetch(figure.url, { headers: withToken({}), cache: 'no-store' });
        if (!response.ok) continue; // gone between the list and now: the next refresh sorts it out
        const parsed = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
        if (parsed.documentElement.nodeName !== 'svg') continue;
        const drawing = document.importNode(parsed.documentElement, true);
        drawing.setAttribute('role', 'img');
        drawing.setAttribute('aria-label', figure.title);
        node.querySelector('.drawing').replaceChildren(drawing);
        const updated = node.dataset.version !== undefined;
        node.dataset.version = figure.version;
        if (updated) {
          node.classList.remove('updated');
          void node.offsetWidth; // restart the highlight
          node.classList.add('updated');
        }
      }
      let any = false;
      document.querySelectorAll('#figures .figure-group').forEach((group) => {
        const has = group.querySelector('figure.figure') !== null;
        group.hidden = !has;
        any = any || has;
      });
      $('figures-empty').hidden = any;
      document.body.dataset.figures = String(list.length);
      await loadFindings();
    }

    // --- findings: the report's summary (claims only where an interval decides) and the learning check, with
    // a model that did not learn marked: it is shown but kept out of the findings

    /** A summary paragraph: its leading **Title.** in bold, the rest as text (never as HTML). */
    function paragraph(text) {
      const m = /^\*\*([^*]+)\*\*\s*(.*)$/s.exec(text);
      return m ? el('p', {}, el('strong', {}, m[1]), ' ' + m[2]) : el('p', {}, text);
    }

    const fixed = (x) => (x === null || x === undefined ? '—' : Number(x).toFixed(3));

    async function loadFindings() {
      const report = await getJson(base + '/report?format=json');
      const summary = (report.findings && report.findings.summary) || [];
      $('summary').replaceChildren(...summary.map(paragraph));
      $('findings-empty').hidden = summary.length > 0;
      const rows = report.learning || [];
      $('learning').hidden = rows.length === 0;
      $('learning-title').hidden = rows.length === 0;
      $('learning').querySelector('tbody').replaceChildren(...rows.map((r) => el('tr',
        { class: r.learned ? 'learned' : 'not-learned', 'data-variant': r.variant },
        el('td', {}, r.variant), el('td', {}, r.metric), el('td', {}, fixed(r.value)),
        el('td', {}, '[' + fixed(r.ciLow) + ', ' + fixed(r.ciHigh) + ']'), el('td', {}, fixed(r.baseline)),
        el('td', {}, r.learned ? 'yes' : 'no — kept out of the findings' + (r.reason ? ' (' + r.reason + ')' : '')))));
    }

    // results arrive in bursts: redraw once the burst is over, and once more a little later (MongoDB is
    // written by the report group's consumer, which may be a moment behind this stream)
    const figuresSoon = debounce(refreshFigures, 1200);
    const figuresLater = debounce(refreshFigures, 5000);

    // --- downloads: the report's files first; what the workers keep beside them (importance maps,
    // evaluation records) folded away below

    const isReportFile = (path) => /^report\.|^request\.json$|^figures\/|\.(csv|png|svg|md)$/.test(path);

    function fileItem(file) {
      return el('li', {},
        el('a', { class: 'download', href: file.url, download: file.path.split('/').pop(), 'data-path': file.path },
          file.path),
        el('span', { class: 'size' }, bytes(file.size)));
    }

    async function refreshFiles() {
      try {
        const files = await getJson(base + '/files');
        const first = ['report.md', 'report.json'];
        const rank = (path) => (first.indexOf(path) + 1) || first.length + 1;
        files.sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
        const report = files.filter((f) => isReportFile(f.path));
        const other = files.filter((f) => !isReportFile(f.path));
        const items = report.map(fileItem);
        if (!items.length) items.push(el('li', { class: 'muted' }, 'No files yet.'));
        $('files').replaceChildren(...items);
        const more = $('other-files');
        more.hidden = other.length === 0;
        setText(more.querySelector('summary'), 'other artifacts of this experiment (' + other.length + ')');
        more.querySelector('ul').replaceChildren(...other.map(fileItem));
      } catch (e) {
        console.warn('files', e);
      }
    }

    /** The counts as MongoDB has them (after the final status: every result is stored by then). */
    async function refreshCounts() {
      try {
        showCounts((await getJson(base)).progress);
      } catch (e) {
        console.warn('counts', e);
      }
    }

    function finished() {
      refreshFigures();
      refreshFiles();
      refreshCounts();
      setTimeout(() => {
        refreshFigures();
        refreshFiles();
      }, 2500);
    }

    connect(base + '/stream', {
      snapshot: (s) => {
        setText($('model'), s.model);
        setText($('pretraining-task'), s.pretrainingTask);
        setText($('downstream-tasks'), (s.downstreamTasks || []).join(', '));
        setText($('requested-at'), when(s.requestedAt));
        setStatus(s.status, { completedAt: s.completedAt, failedAt: s.failedAt,
          reason: s.failure && s.failure.reason, service: s.failure && s.failure.service });
        showCounts(s.counts);
        $('stages').replaceChildren();
        Object.values(s.stages || {}).forEach(showStage);
        $('log').replaceChildren();
        (s.recent || []).forEach(addLog);
        loss.clear();
        (s.loss || []).forEach(addLoss);
        refreshFigures();
        refreshFiles();
      },
      progress: (line) => {
        addLog(line);
        showStage(line);
        addLoss(line);
      },
      counts: showCounts,
      result: () => {
        figuresSoon();
        figuresLater();
      },
      status: (s) => {
        setStatus(s.status, s);
        finished();
      },
      closed: () => {
        if (status === null) setText($('experiment-id'), id + ' (not found)');
      },
    });
  }

  // ------------------------------------------------------------------ start

  const page = document.body.dataset.page;
  if (page === 'index') indexPage();
  else if (page === 'experiment') experimentPage();
}());
