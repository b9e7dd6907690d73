// The interactive map of egov-graph. Our own script: no library, nothing
// loaded from the network. The data (nodes with positions computed by
// `egov`, every tie with its citations, the sources) is the JSON block
// above. Public handle for tests and scripts: window.egov.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('egov-data').textContent);
  var N = D.nodes, E = D.edges, S = D.sources;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var $ = function (id) { return document.getElementById(id); };

  // ---------------------------------------------------------------- data
  var byId = new Map();
  N.forEach(function (n, i) { byId.set(n.id, i); });
  // A graph node folded into a drawn node (a ministry into its country).
  var folded = new Map();
  N.forEach(function (n, i) { (n.members || []).forEach(function (m) { folded.set(m, i); }); });
  var edgeById = new Map();
  E.forEach(function (e, i) { edgeById.set(e.id, i); });
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e.s].push(i); adj[e.t].push(i); });
  var kindOrder = new Map(D.edgeKinds.map(function (k, i) { return [k[0], i]; }));
  var groupOf = new Map(D.edgeKinds);
  var presentNodeKinds = D.nodeKinds.filter(function (k) { return N.some(function (n) { return n.kind === k; }); });
  var presentEdgeKinds = D.edgeKinds.map(function (k) { return k[0]; })
    .filter(function (k) { return E.some(function (e) { return e.kind === k; }); });
  var years = E.filter(function (e) { return e.first; }).map(function (e) { return +e.first.slice(0, 4); });
  var minYear = years.length ? Math.min.apply(null, years) : 2000;
  var maxYear = years.length ? Math.max.apply(null, years) : 2000;

  var NODE_COLORS = { country: '#4e79a7', ministry: '#f28e2b', agency: '#e15759', organization: '#76b7b2', person: '#59a14f' };
  var EDGE_COLORS = {
    mou: '#d62728', loi: '#ff7f0e', forum: '#9467bd', seminar: '#8c564b', conference: '#e377c2',
    project: '#2ca02c', export: '#1f77b4', visit: '#17becf', hub_designation: '#bcbd22',
    affiliation: '#b9c0ca', part_of: '#b9c0ca', member_of: '#7f8c9d', borders: '#9aa5b4'
  };
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#2f4b7c', '#a05195', '#665191'];
  var KIND_RADIUS = { country: 9, organization: 8, ministry: 7, agency: 6, person: 5 };

  // --------------------------------------------------------------- state
  var state = {
    nodeKinds: new Set(presentNodeKinds),
    edgeKinds: new Set(presentEdgeKinds),
    asOf: null,          // a year, or null for every date
    undated: true,       // show planned and undated cooperation ties
    colorBy: D.colorBy || 'kind',
    sizeBy: D.sizeBy || 'kind',
    spreaders: false,
    selected: null,      // {node: i} or {edge: i}
    path: null,          // [from id, to id]
    pathNodes: [],
    view: null           // {x, y, k}
  };

  // ------------------------------------------------------------- drawing
  var svg = $('map'), gEdges = $('edges'), gNodes = $('nodes');
  var stage = $('stage'), world = $('world');
  var nodeEl = [], edgeEl = [], circleEl = [], badgeEl = [];
  var bounds = { x0: 0, y0: 0, x1: 1, y1: 1 };

  function el(name, attrs, parent) {
    var x = document.createElementNS(SVGNS, name);
    for (var a in attrs) x.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(x);
    return x;
  }

  function computeBounds() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    N.forEach(function (n) {
      x0 = Math.min(x0, n.x - 80); x1 = Math.max(x1, n.x + 80);
      y0 = Math.min(y0, n.y - 30); y1 = Math.max(y1, n.y + 40);
    });
    if (!N.length) { x0 = 0; y0 = 0; x1 = 100; y1 = 100; }
    bounds = { x0: x0, y0: y0, x1: x1, y1: y1 };
    svg.setAttribute('width', x1 - x0);
    svg.setAttribute('height', y1 - y0);
    svg.setAttribute('viewBox', [x0, y0, x1 - x0, y1 - y0].join(' '));
  }

  function edgePath(e, offset) {
    var a = N[e.s], b = N[e.t];
    if (!offset) return 'M' + a.x + ',' + a.y + 'L' + b.x + ',' + b.y;
    // Parallel ties between the same two nodes bend apart.
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var mx = (a.x + b.x) / 2 - dy / len * offset, my = (a.y + b.y) / 2 + dx / len * offset;
    return 'M' + a.x + ',' + a.y + 'Q' + mx.toFixed(1) + ',' + my.toFixed(1) + ' ' + b.x + ',' + b.y;
  }

  function draw() {
    computeBounds();
    var pairCount = new Map(), pairSeen = new Map();
    E.forEach(function (e) {
      var k = Math.min(e.s, e.t) + ':' + Math.max(e.s, e.t);
      pairCount.set(k, (pairCount.get(k) || 0) + 1);
    });
    var frag = document.createDocumentFragment();
    E.forEach(function (e, i) {
      var k = Math.min(e.s, e.t) + ':' + Math.max(e.s, e.t);
      var m = pairCount.get(k), j = pairSeen.get(k) || 0;
      pairSeen.set(k, j + 1);
      var sign = e.s < e.t ? 1 : -1;
      var offset = m > 1 ? (j - (m - 1) / 2) * 14 * sign : 0;
      var cls = 'edge ' + e.group + ' k-' + e.kind + (e.group === 'cooperation' && !e.date ? ' undated' : '');
      var p = el('path', { 'class': cls, d: edgePath(e, offset), 'data-edge-id': e.id, stroke: EDGE_COLORS[e.kind] || '#888' });
      var t = el('title', {}, p);
      t.textContent = e.kind + (e.date ? ' ' + e.date : '') + ': ' + N[e.s].name + ' – ' + N[e.t].name;
      edgeEl[i] = p;
      frag.appendChild(p);
    });
    gEdges.appendChild(frag);
    frag = document.createDocumentFragment();
    var many = N.length > 1500;
    var labelled = new Set();
    if (many) {
      N.map(function (n, i) { return [adj[i].length, i]; })
        .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
        .slice(0, 300).forEach(function (p) { labelled.add(p[1]); });
    }
    N.forEach(function (n, i) {
      var g = el('g', { 'class': 'node k-' + n.kind, 'data-node-id': n.id, transform: 'translate(' + n.x + ',' + n.y + ')' });
      var c = el('circle', { r: 6 }, g);
      var t = el('text', { y: 21 }, g);
      t.textContent = n.label;
      if (many && !labelled.has(i)) t.setAttribute('class', 'minor');
      var title = el('title', {}, g);
      title.textContent = n.name + ' (' + n.id + ')';
      nodeEl[i] = g; circleEl[i] = c;
      frag.appendChild(g);
    });
    gNodes.appendChild(frag);
  }

  // ------------------------------------------------------ colour and size
  function categories(key) {
    var count = new Map();
    N.forEach(function (n) { var v = n[key]; if (v !== undefined && v !== null) count.set(v, (count.get(v) || 0) + 1); });
    var list = Array.from(count.keys()).sort(function (a, b) { return count.get(b) - count.get(a) || (a < b ? -1 : a > b ? 1 : 0); });
    var colors = new Map();
    list.forEach(function (v, i) { colors.set(v, i < PALETTE.length ? PALETTE[i] : '#c7ccd4'); });
    return { list: list, colors: colors, count: count };
  }

  function metricRange(key) {
    var lo = Infinity, hi = -Infinity;
    N.forEach(function (n) { var v = n.m[key]; lo = Math.min(lo, v); hi = Math.max(hi, v); });
    return { lo: lo, hi: hi };
  }

  function ramp(t) {
    // Light blue to dark blue.
    var a = [222, 235, 247], b = [8, 48, 107];
    var c = a.map(function (x, i) { return Math.round(x + (b[i] - x) * t); });
    return 'rgb(' + c.join(',') + ')';
  }

  var colorOf = function () { return '#888'; };
  var colorLegend = [];

  function applyColor() {
    var by = state.colorBy;
    colorLegend = [];
    if (by === 'kind') {
      colorOf = function (n) { return NODE_COLORS[n.kind] || '#888'; };
      presentNodeKinds.forEach(function (k) { colorLegend.push([NODE_COLORS[k], k]); });
    } else if (by === 'region' || by === 'community') {
      var c = categories(by);
      colorOf = function (n) { var v = n[by]; return v === undefined ? '#e0e3e8' : c.colors.get(v); };
      c.list.slice(0, PALETTE.length).forEach(function (v) { colorLegend.push([c.colors.get(v), (by === 'community' ? 'community ' : '') + v + ' (' + c.count.get(v) + ')']); });
      if (c.list.length > PALETTE.length) colorLegend.push(['#c7ccd4', 'the ' + (c.list.length - PALETTE.length) + ' smaller ' + by + ' groups']);
      if (N.some(function (n) { return n[by] === undefined; })) colorLegend.push(['#e0e3e8', 'no ' + by]);
    } else {
      var r = metricRange(by);
      colorOf = function (n) { return ramp(r.hi > r.lo ? (n.m[by] - r.lo) / (r.hi - r.lo) : 0); };
      colorLegend.push([ramp(0), by + ' ' + fmt(r.lo) + ' (lowest)']);
      colorLegend.push([ramp(0.5), by + ' ' + fmt((r.lo + r.hi) / 2)]);
      colorLegend.push([ramp(1), by + ' ' + fmt(r.hi) + ' (highest)']);
    }
    N.forEach(function (n, i) { circleEl[i].setAttribute('fill', colorOf(n)); });
  }

  function applySize() {
    var by = state.sizeBy;
    if (by === 'kind') {
      N.forEach(function (n, i) { circleEl[i].setAttribute('r', KIND_RADIUS[n.kind] || 6); });
    } else {
      var r = metricRange(by), hi = r.hi > 0 ? r.hi : 1;
      N.forEach(function (n, i) { circleEl[i].setAttribute('r', (3.5 + 8.5 * Math.sqrt(Math.max(0, n.m[by]) / hi)).toFixed(2)); });
    }
  }

  function fmt(v) {
    if (Math.abs(v) >= 100 || v === Math.round(v)) return String(Math.round(v * 100) / 100);
    return v.toPrecision(3);
  }

  // ------------------------------------------------------------- filters
  function asOfEnd() { return state.asOf === null ? null : state.asOf + '-12-31'; }

  function edgeVisible(i) {
    var e = E[i];
    if (!state.edgeKinds.has(e.kind)) return false;
    if (!state.nodeKinds.has(N[e.s].kind) || !state.nodeKinds.has(N[e.t].kind)) return false;
    var end = asOfEnd();
    if (end !== null && e.first && e.first > end) return false;
    if (!state.undated && e.group === 'cooperation' && (!e.date || e.status === 'planned')) return false;
    return true;
  }

  function nodeVisible(i) { return state.nodeKinds.has(N[i].kind); }

  var visibleE = [], visibleN = [];

  function applyFilters() {
    visibleN = N.map(function (n, i) { return nodeVisible(i); });
    visibleE = E.map(function (e, i) { return edgeVisible(i); });
    var live = N.map(function () { return false; });
    E.forEach(function (e, i) {
      edgeEl[i].classList.toggle('hidden', !visibleE[i]);
      if (visibleE[i]) { live[e.s] = true; live[e.t] = true; }
    });
    N.forEach(function (n, i) {
      nodeEl[i].classList.toggle('hidden', !visibleN[i]);
      nodeEl[i].classList.toggle('lonely', visibleN[i] && !live[i] && adj[i].length > 0);
    });
    $('asof-label').textContent = state.asOf === null
      ? (years.length ? 'every date (' + minYear + '–' + maxYear + ')' : 'every date (no tie is dated)')
      : 'ties dated up to the end of ' + state.asOf + '; undated ties ' + (state.undated ? 'shown' : 'hidden');
    if (state.path) runPath(false);
  }

  // ---------------------------------------------------------------- path
  // Fewest hops over the ties shown, ties broken towards the node that comes
  // first in the view's order (the order of D.nodes), as `egov path` does:
  // distances from the target, then from the source always the
  // lowest-numbered neighbour one step closer.
  function findPath(s, t) {
    var n = N.length, nb = N.map(function () { return []; });
    E.forEach(function (e, i) { if (visibleE[i]) { nb[e.s].push(e.t); nb[e.t].push(e.s); } });
    if (!visibleN[s] || !visibleN[t]) return null;
    if (s === t) return [s];
    var dist = new Int32Array(n).fill(-1);
    dist[t] = 0;
    var queue = [t];
    for (var q = 0; q < queue.length && dist[s] < 0; q++) {
      var x = queue[q];
      nb[x].forEach(function (y) { if (dist[y] < 0) { dist[y] = dist[x] + 1; queue.push(y); } });
    }
    if (dist[s] < 0) return null;
    var path = [s], cur = s;
    while (cur !== t) {
      var best = -1;
      nb[cur].forEach(function (y) { if (dist[y] === dist[cur] - 1 && (best < 0 || y < best)) best = y; });
      cur = best;
      path.push(cur);
    }
    return path;
  }

  function resolve(q) {
    if (q === undefined || q === null) return -1;
    var s = String(q).trim();
    if (!s) return -1;
    if (byId.has(s)) return byId.get(s);
    if (folded.has(s)) return folded.get(s);
    var low = s.toLowerCase();
    var i, n;
    for (i = 0; i < N.length; i++) if (N[i].id.toLowerCase() === low) return i;
    for (i = 0; i < N.length; i++) if (N[i].name.toLowerCase() === low) return i;
    for (i = 0; i < N.length; i++) {
      n = N[i];
      if ((n.aliases || []).some(function (a) { return a.toLowerCase() === low; })) return i;
    }
    for (i = 0; i < N.length; i++) if (N[i].name.toLowerCase().indexOf(low) === 0) return i;
    for (i = 0; i < N.length; i++) {
      n = N[i];
      if (n.name.toLowerCase().indexOf(low) >= 0 || (n.aliases || []).some(function (a) { return a.toLowerCase().indexOf(low) >= 0; })) return i;
    }
    return -1;
  }

  function runPath(centre) {
    clearPathMarks();
    if (!state.path) { $('path-result').textContent = ''; updateHash(); return null; }
    var s = resolve(state.path[0]), t = resolve(state.path[1]);
    var out = $('path-result');
    if (s < 0 || t < 0) {
      out.textContent = 'not on the map: ' + (s < 0 ? state.path[0] : state.path[1]);
      state.pathNodes = [];
      updateHash();
      return null;
    }
    var p = findPath(s, t);
    state.pathNodes = p || [];
    if (!p) {
      out.textContent = 'no path from ' + N[s].name + ' to ' + N[t].name + ' among the ties shown';
      updateHash();
      return null;
    }
    out.innerHTML = '';
    var head = document.createElement('div');
    head.textContent = (p.length - 1) + ' hop' + (p.length === 2 ? '' : 's') + ':';
    out.appendChild(head);
    var line = document.createElement('div');
    line.id = 'path-nodes';
    line.setAttribute('data-path', p.map(function (i) { return N[i].id; }).join(' '));
    p.forEach(function (i, k) {
      if (k) line.appendChild(document.createTextNode(' → '));
      line.appendChild(nodeLink(i));
    });
    out.appendChild(line);
    var on = new Set();
    for (var k = 0; k + 1 < p.length; k++) on.add(Math.min(p[k], p[k + 1]) + ':' + Math.max(p[k], p[k + 1]));
    p.forEach(function (i) { nodeEl[i].classList.add('on-path'); nodeEl[i].classList.add('mark'); });
    E.forEach(function (e, i) {
      if (visibleE[i] && on.has(Math.min(e.s, e.t) + ':' + Math.max(e.s, e.t))) edgeEl[i].classList.add('on-path');
    });
    svg.classList.add('fade');
    if (centre) fitTo(p);
    updateHash();
    return p.map(function (i) { return N[i].id; });
  }

  function clearPathMarks() {
    svg.classList.remove('fade');
    gNodes.querySelectorAll('.on-path').forEach(function (x) { x.classList.remove('on-path'); x.classList.remove('mark'); });
    gEdges.querySelectorAll('.on-path').forEach(function (x) { x.classList.remove('on-path'); });
    (D.highlight || []).forEach(function (id) { if (byId.has(id)) nodeEl[byId.get(id)].classList.add('mark'); });
  }

  // ----------------------------------------------------------- spreaders
  // Every ranked spreader (for the details panel), and each region's top
  // one (outlined and labelled on the map, as `egov render
  // --highlight-spreaders` does).
  var spreaderOf = new Map(), topSpreaderOf = new Map();
  if (D.spreaders) {
    D.spreaders.regions.forEach(function (r) {
      r.spreaders.forEach(function (s, rank) {
        if (!byId.has(s[0])) return;
        var i = byId.get(s[0]);
        var line = r.region + ' #' + (rank + 1) + ' (' + s[1].toFixed(2) + ')';
        if (!spreaderOf.has(i)) spreaderOf.set(i, []);
        spreaderOf.get(i).push(line);
        if (rank === 0) {
          if (!topSpreaderOf.has(i)) topSpreaderOf.set(i, []);
          topSpreaderOf.get(i).push(r.region + ' ' + s[1].toFixed(2));
        }
      });
    });
  }

  function applySpreaders() {
    badgeEl.forEach(function (b) { b.remove(); });
    badgeEl = [];
    var src = D.spreaders ? byId.get(D.spreaders.from) : undefined;
    N.forEach(function (n, i) { nodeEl[i].classList.toggle('spreader', state.spreaders && topSpreaderOf.has(i)); });
    if (!state.spreaders) return;
    topSpreaderOf.forEach(function (list, i) {
      var t = el('text', { 'class': 'badge', y: -12 }, nodeEl[i]);
      t.textContent = '★ ' + list[0] + (list.length > 1 ? ' +' + (list.length - 1) : '');
      badgeEl.push(t);
    });
    if (src !== undefined) {
      var t = el('text', { 'class': 'badge', y: -12 }, nodeEl[src]);
      t.textContent = 'source';
      badgeEl.push(t);
    }
  }

  // ------------------------------------------------------------- details
  function text(tag, s, cls) {
    var x = document.createElement(tag);
    if (s !== undefined) x.textContent = s;
    if (cls) x.className = cls;
    return x;
  }

  function nodeLink(i) {
    var a = text('a', N[i].name, 'node-link');
    a.href = '#';
    a.setAttribute('data-goto', N[i].id);
    a.addEventListener('click', function (ev) { ev.preventDefault(); select(N[i].id, true); });
    return a;
  }

  function table(rows) {
    var t = document.createElement('table');
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === '') return;
      var tr = document.createElement('tr');
      tr.appendChild(text('td', r[0]));
      var td = document.createElement('td');
      if (r[1] instanceof Node) td.appendChild(r[1]); else td.textContent = String(r[1]);
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }

  function citations(list, into) {
    (list || []).forEach(function (c) {
      var s = S[c[0]] || { id: '?' };
      if (c.length > 1) into.appendChild(text('blockquote', '“' + c[1] + '”', 'quote'));
      var parts = [s.title || s.id];
      if (s.publisher) parts.push(s.publisher);
      if (s.author) parts.push(s.author);
      if (s.date) parts.push(s.date);
      var src = text('div', '— ' + parts.join(', '), 'source');
      src.setAttribute('data-source', s.id);
      if (s.file) src.appendChild(text('div', 'file: ' + s.file));
      if (s.url) src.appendChild(text('div', 'URL: ' + s.url));
      if (s.note) src.appendChild(text('div', s.note));
      into.appendChild(src);
    });
  }

  function money(v) {
    if (v >= 1e9) return '$' + (v / 1e9).toFixed(2) + 'B';
    if (v >= 1e6) return '$' + (v / 1e6).toFixed(2) + 'M';
    return '$' + Math.round(v).toLocaleString('en');
  }

  function edgeFacts(e) {
    return [
      ['date', e.date ? e.date + (e.end ? ' – ' + e.end : '') : (e.group === 'cooperation' ? 'undated' : '')],
      ['dating', e.dateNote], ['status', e.status], ['place', e.place],
      ['amount', e.amount !== undefined ? money(e.amount) : ''], ['what', e.what],
      ['topics', (e.topics || []).join(', ')], ['role', e.role], ['region', e.region], ['note', e.note]
    ];
  }

  function endName(id) {
    var i = byId.has(id) ? byId.get(id) : folded.get(id);
    if (i === undefined) return id;
    return N[i].id === id ? N[i].name : id + ' (in ' + N[i].name + ')';
  }

  function showNode(i) {
    var n = N[i], box = $('details');
    box.innerHTML = '';
    box.setAttribute('data-node-id', n.id);
    box.removeAttribute('data-edge-id');
    box.appendChild(text('h3', n.name));
    var rows = [['id', n.id], ['kind', n.kind], ['country', n.country ? endName(n.country) : ''], ['region', n.region],
      ['aliases', (n.aliases || []).join('; ')], ['community', n.community], ['note', n.note]];
    Object.keys(D.metrics).forEach(function (k) { rows.push([k, fmt(n.m[k])]); });
    if (n.members) rows.push(['includes', n.members.length + ' bodies and people: ' + n.members.join(', ')]);
    if (spreaderOf.has(i)) rows.push(['spreader', spreaderOf.get(i).join('; ') + ' from ' + D.spreaders.from]);
    box.appendChild(table(rows));
    if (n.attrs) box.appendChild(table(Object.keys(n.attrs).map(function (k) { return [k, n.attrs[k]]; })));
    if (n.cite) { box.appendChild(text('h4', 'Sources')); citations(n.cite, box); }
    var ties = adj[i].slice().sort(function (a, b) {
      return kindOrder.get(E[a].kind) - kindOrder.get(E[b].kind) || (E[a].first || '9999').localeCompare(E[b].first || '9999') || a - b;
    });
    var last = null;
    ties.forEach(function (k) {
      var e = E[k];
      if (e.kind !== last) {
        var count = ties.filter(function (x) { return E[x].kind === e.kind; }).length;
        box.appendChild(text('h4', e.kind.replace('_', ' ') + ' (' + count + ')'));
        last = e.kind;
      }
      var other = e.s === i ? e.t : e.s;
      var div = text('div', undefined, 'tie' + (visibleE[k] ? '' : ' filtered'));
      div.setAttribute('data-edge-id', e.id);
      var head = document.createElement('div');
      var arrow = e.sym ? ' — ' : (e.s === i ? ' → ' : ' ← ');
      head.appendChild(document.createTextNode((e.date || (e.group === 'cooperation' ? 'undated' : '')) + arrow));
      head.appendChild(nodeLink(other));
      if (e.from !== n.id && e.to !== n.id) head.appendChild(text('span', '  (' + e.from + ' → ' + e.to + ')', 'count'));
      else if (e.from !== N[other].id && e.to !== N[other].id) head.appendChild(text('span', '  (' + (e.from === n.id ? e.to : e.from) + ')', 'count'));
      if (!visibleE[k]) head.appendChild(text('span', '  hidden by the filters', 'count'));
      div.appendChild(head);
      var facts = edgeFacts(e).filter(function (r) { return r[0] !== 'date' && r[1]; });
      if (facts.length) div.appendChild(table(facts));
      if (e.derived) div.appendChild(text('div', 'derived: ' + e.derived, 'derived'));
      citations(e.cite, div);
      box.appendChild(div);
    });
  }

  function showEdge(k) {
    var e = E[k], box = $('details');
    box.innerHTML = '';
    box.setAttribute('data-edge-id', e.id);
    box.removeAttribute('data-node-id');
    box.appendChild(text('h3', e.kind.replace('_', ' ')));
    var ends = document.createElement('span');
    ends.appendChild(nodeLink(e.s));
    ends.appendChild(document.createTextNode(e.sym ? ' — ' : ' → '));
    ends.appendChild(nodeLink(e.t));
    box.appendChild(table([['between', ends], ['from', endName(e.from)], ['to', endName(e.to)], ['id', e.id]].concat(edgeFacts(e))));
    if (e.attrs) box.appendChild(table(Object.keys(e.attrs).map(function (k2) { return [k2, e.attrs[k2]]; })));
    if (e.derived) box.appendChild(text('div', 'derived: ' + e.derived, 'derived'));
    box.appendChild(text('h4', 'Sources'));
    citations(e.cite, box);
  }

  function clearSelection() {
    gNodes.querySelectorAll('.selected').forEach(function (x) { x.classList.remove('selected'); });
    gEdges.querySelectorAll('.selected').forEach(function (x) { x.classList.remove('selected'); });
  }

  // Selects a node (id, name or alias) or a tie (its edge id) and shows its
  // details; `centre` moves the map to it. Returns the selected id or null.
  function select(q, centre) {
    clearSelection();
    if (q === null || q === undefined || q === '') {
      state.selected = null;
      updateHash();
      return null;
    }
    if (edgeById.has(q)) {
      var k = edgeById.get(q);
      state.selected = { edge: k };
      edgeEl[k].classList.add('selected');
      showEdge(k);
      if (centre !== false) fitTo([E[k].s, E[k].t]);
      updateHash();
      return E[k].id;
    }
    var i = resolve(q);
    if (i < 0) { state.selected = null; updateHash(); return null; }
    state.selected = { node: i };
    nodeEl[i].classList.add('selected');
    showNode(i);
    if (centre !== false) centreOn(i);
    updateHash();
    return N[i].id;
  }

  // ------------------------------------------------------- pan and zoom
  var view = { x: 0, y: 0, k: 1 };

  function applyView() {
    world.style.transform = 'translate(' + view.x + 'px,' + view.y + 'px) scale(' + view.k + ')';
    stage.classList.toggle('small-labels', view.k < 1.6);
    scheduleHash();
  }

  // World point (map coordinates) to the world div's local pixels.
  function local(x, y) { return [x - bounds.x0, y - bounds.y0]; }

  function fitTo(list) {
    var w = stage.clientWidth || 800, h = stage.clientHeight || 600;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    list.forEach(function (i) {
      var p = local(N[i].x, N[i].y);
      x0 = Math.min(x0, p[0] - 70); x1 = Math.max(x1, p[0] + 70);
      y0 = Math.min(y0, p[1] - 30); y1 = Math.max(y1, p[1] + 35);
    });
    if (!isFinite(x0)) { x0 = 0; y0 = 0; x1 = bounds.x1 - bounds.x0; y1 = bounds.y1 - bounds.y0; }
    var k = Math.min(w / (x1 - x0), h / (y1 - y0), 2.5);
    view.k = Math.max(k, 0.02);
    view.x = w / 2 - (x0 + x1) / 2 * view.k;
    view.y = h / 2 - (y0 + y1) / 2 * view.k;
    applyView();
  }

  function fitAll() {
    var w = stage.clientWidth || 800, h = stage.clientHeight || 600;
    var bw = bounds.x1 - bounds.x0, bh = bounds.y1 - bounds.y0;
    view.k = Math.min(w / bw, h / bh) * 0.98;
    view.x = (w - bw * view.k) / 2;
    view.y = (h - bh * view.k) / 2;
    applyView();
  }

  function centreOn(i) {
    var w = stage.clientWidth || 800, h = stage.clientHeight || 600;
    var p = local(N[i].x, N[i].y);
    view.k = Math.max(view.k, 1.2);
    view.x = w / 2 - p[0] * view.k;
    view.y = h / 2 - p[1] * view.k;
    applyView();
  }

  function zoomAt(px, py, factor) {
    var k = Math.min(Math.max(view.k * factor, 0.02), 20);
    var f = k / view.k;
    view.x = px - (px - view.x) * f;
    view.y = py - (py - view.y) * f;
    view.k = k;
    applyView();
  }

  var pointers = new Map(), drag = null, moved = 0;
  stage.addEventListener('pointerdown', function (ev) {
    stage.setPointerCapture(ev.pointerId);
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    moved = 0;
    drag = { x: ev.clientX, y: ev.clientY, target: ev.target };
    stage.classList.add('dragging');
  });
  stage.addEventListener('pointermove', function (ev) {
    if (!pointers.has(ev.pointerId)) return;
    var prev = pointers.get(ev.pointerId);
    var cur = { x: ev.clientX, y: ev.clientY };
    if (pointers.size === 2) {
      // Pinch: zoom by the change of the distance between two fingers.
      var other = null;
      pointers.forEach(function (p, id) { if (id !== ev.pointerId) other = p; });
      var d0 = Math.hypot(prev.x - other.x, prev.y - other.y), d1 = Math.hypot(cur.x - other.x, cur.y - other.y);
      var r = stage.getBoundingClientRect();
      if (d0 > 0) zoomAt((cur.x + other.x) / 2 - r.left, (cur.y + other.y) / 2 - r.top, d1 / d0);
    } else {
      view.x += cur.x - prev.x;
      view.y += cur.y - prev.y;
      applyView();
    }
    moved += Math.abs(cur.x - prev.x) + Math.abs(cur.y - prev.y);
    pointers.set(ev.pointerId, cur);
  });
  function endPointer(ev) {
    pointers.delete(ev.pointerId);
    if (pointers.size === 0) stage.classList.remove('dragging');
    if (drag && moved < 4 && ev.type === 'pointerup') clickOn(drag.target);
    if (pointers.size === 0) drag = null;
  }
  stage.addEventListener('pointerup', endPointer);
  stage.addEventListener('pointercancel', endPointer);
  stage.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = stage.getBoundingClientRect();
    if (!ev.ctrlKey && ev.deltaMode === 0 && Math.abs(ev.deltaX) > 0) {
      // A trackpad's two-finger scroll pans.
      view.x -= ev.deltaX; view.y -= ev.deltaY; applyView();
      return;
    }
    var dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
    zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-dy * (ev.ctrlKey ? 0.01 : 0.002)));
  }, { passive: false });
  stage.addEventListener('keydown', function (ev) {
    var step = 60;
    if (ev.key === '+' || ev.key === '=') zoomAt(stage.clientWidth / 2, stage.clientHeight / 2, 1.25);
    else if (ev.key === '-') zoomAt(stage.clientWidth / 2, stage.clientHeight / 2, 0.8);
    else if (ev.key === 'ArrowLeft') { view.x += step; applyView(); }
    else if (ev.key === 'ArrowRight') { view.x -= step; applyView(); }
    else if (ev.key === 'ArrowUp') { view.y += step; applyView(); }
    else if (ev.key === 'ArrowDown') { view.y -= step; applyView(); }
    else if (ev.key === 'Escape') select(null);
  });

  function clickOn(target) {
    var t = target;
    while (t && t !== stage) {
      if (t.getAttribute && t.getAttribute('data-node-id')) { select(t.getAttribute('data-node-id'), false); return; }
      if (t.getAttribute && t.getAttribute('data-edge-id')) { select(t.getAttribute('data-edge-id'), false); return; }
      t = t.parentNode;
    }
    select(null);
  }

  // ------------------------------------------------------------ controls
  function checkbox(label, checked, attrs, cls, onchange) {
    var l = document.createElement('label');
    l.className = 'check' + (cls ? ' ' + cls : '');
    var c = document.createElement('input');
    c.type = 'checkbox';
    c.checked = checked;
    for (var a in attrs) c.setAttribute(a, attrs[a]);
    c.addEventListener('change', function () { onchange(c.checked); });
    l.appendChild(c);
    if (label instanceof Node) l.appendChild(label); else l.appendChild(document.createTextNode(' ' + label));
    return l;
  }

  function swatchLabel(kind, count, isEdge) {
    var span = document.createElement('span');
    var sw = text('span', undefined, isEdge ? 'swatch' : 'dot');
    if (isEdge) {
      sw.style.borderTopColor = EDGE_COLORS[kind];
      var g = groupOf.get(kind);
      if (g === 'context') sw.style.borderTopStyle = kind === 'member_of' ? 'dotted' : 'dashed';
    } else sw.style.background = NODE_COLORS[kind];
    span.appendChild(sw);
    span.appendChild(document.createTextNode(' ' + kind.replace('_', ' ') + ' '));
    span.appendChild(text('span', '(' + count + ')', 'count'));
    return span;
  }

  function buildControls() {
    $('title').textContent = D.title;
    $('subtitle').textContent = D.subtitle + ' · ' + N.length + ' nodes, ' + E.length + ' ties';
    var nk = $('node-kinds');
    presentNodeKinds.forEach(function (k) {
      var count = N.filter(function (n) { return n.kind === k; }).length;
      nk.appendChild(checkbox(swatchLabel(k, count, false), true, { 'data-node-kind': k, id: 'node-kind-' + k }, '', function (on) {
        if (on) state.nodeKinds.add(k); else state.nodeKinds.delete(k);
        applyFilters(); updateHash();
      }));
    });
    var ek = $('edge-kinds');
    ['cooperation', 'context', 'structure', 'statement'].forEach(function (g) {
      var kinds = presentEdgeKinds.filter(function (k) { return groupOf.get(k) === g; });
      if (!kinds.length) return;
      var boxes = [];
      ek.appendChild(checkbox(g, true, { 'data-edge-group': g, id: 'edge-group-' + g }, 'group', function (on) {
        kinds.forEach(function (k) { if (on) state.edgeKinds.add(k); else state.edgeKinds.delete(k); });
        boxes.forEach(function (b) { b.checked = on; });
        applyFilters(); updateHash();
      }));
      kinds.forEach(function (k) {
        var count = E.filter(function (e) { return e.kind === k; }).length;
        var l = checkbox(swatchLabel(k, count, true), true, { 'data-edge-kind': k, id: 'edge-kind-' + k }, 'sub', function (on) {
          if (on) state.edgeKinds.add(k); else state.edgeKinds.delete(k);
          applyFilters(); updateHash();
        });
        boxes.push(l.querySelector('input'));
        ek.appendChild(l);
      });
    });
    var slider = $('asof');
    slider.min = minYear; slider.max = maxYear + 1; slider.value = maxYear + 1;
    slider.addEventListener('input', function () { asOf(+slider.value > maxYear ? null : +slider.value); });
    $('undated').addEventListener('change', function () { state.undated = $('undated').checked; applyFilters(); updateHash(); });
    var timer = null;
    $('play').addEventListener('click', function () {
      if (timer) { clearInterval(timer); timer = null; $('play').textContent = '▶'; return; }
      var y = minYear;
      $('play').textContent = '❚❚';
      asOf(y);
      timer = setInterval(function () {
        y += 1;
        if (y > maxYear) { clearInterval(timer); timer = null; $('play').textContent = '▶'; asOf(null); return; }
        asOf(y);
      }, 800);
    });
    var cs = $('color-by'), ss = $('size-by');
    var colorChoices = ['kind', 'region'].concat(D.communities ? ['community'] : []).concat(D.metricOrder);
    colorChoices.forEach(function (c) { var o = text('option', c); o.value = c; cs.appendChild(o); });
    ['kind'].concat(D.metricOrder).forEach(function (c) { var o = text('option', c); o.value = c; ss.appendChild(o); });
    cs.addEventListener('change', function () { state.colorBy = cs.value; applyColor(); legend(); updateHash(); });
    ss.addEventListener('change', function () { state.sizeBy = ss.value; applySize(); legend(); updateHash(); });
    if (D.spreaders) {
      $('spreaders-label').textContent = 'spreaders from ' + (N[byId.get(D.spreaders.from)] || { name: D.spreaders.from }).name;
      $('spreaders').addEventListener('change', function () { state.spreaders = $('spreaders').checked; applySpreaders(); legend(); updateHash(); });
    } else {
      $('spreaders').disabled = true;
      $('spreaders-label').textContent = 'spreaders (none computed)';
    }
    var names = $('names'), frag = document.createDocumentFragment();
    N.forEach(function (n) { var o = document.createElement('option'); o.value = n.name; o.label = n.id; frag.appendChild(o); });
    names.appendChild(frag);
    $('search').addEventListener('keydown', function (ev) { if (ev.key === 'Enter') select($('search').value, true); });
    $('search').addEventListener('change', function () { select($('search').value, true); });
    $('path-go').addEventListener('click', function () { path($('path-from').value, $('path-to').value); });
    $('path-clear').addEventListener('click', function () { path(null); });
    $('fit').addEventListener('click', fitAll);
    $('save-svg').addEventListener('click', function () { download('egov-map.svg', new Blob([svgText()], { type: 'image/svg+xml' })); });
    $('save-png').addEventListener('click', savePng);
    $('copy-link').addEventListener('click', function () {
      updateHash();
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(function () {});
      $('copy-link').textContent = 'Link ✓';
      setTimeout(function () { $('copy-link').textContent = 'Link'; }, 1200);
    });
  }

  function legend() {
    var box = $('legend');
    box.innerHTML = '';
    box.appendChild(text('div', 'Fill: ' + state.colorBy + (D.metrics[state.colorBy] ? ' — ' + D.metrics[state.colorBy] : ''), 'note'));
    colorLegend.forEach(function (c) {
      var d = document.createElement('div');
      var dot = text('span', undefined, 'dot');
      dot.style.background = c[0];
      d.appendChild(dot);
      d.appendChild(document.createTextNode(' ' + c[1]));
      box.appendChild(d);
    });
    box.appendChild(text('div', state.sizeBy === 'kind'
      ? 'Size: by kind (country largest, then organisation, ministry, agency, person)'
      : 'Size: area grows with ' + state.sizeBy + (D.metrics[state.sizeBy] ? ' — ' + D.metrics[state.sizeBy] : ''), 'note'));
    box.appendChild(text('div', 'Lines: colour by tie kind (see Ties); solid = dated cooperation, short dashes = undated or planned cooperation, dashes = borders, dots = memberships, thin grey = a body inside a country or a person in a body. Several ties between two nodes bend apart.', 'note'));
    box.appendChild(text('div', 'Outlines: red = the ego’s centre or a path; black = selected' + (D.spreaders ? '; gold ★ = the top spreader from ' + D.spreaders.from + ' into a region (region and score as egov spreaders; the next ones are in the details)' : '') + '. Faded nodes have no tie shown at this date.', 'note'));
    if (state.spreaders && D.spreaders) {
      D.spreaders.regions.forEach(function (r) {
        box.appendChild(text('div', '★ ' + r.region + ': ' + r.spreaders.map(function (s) { return s[0] + ' ' + s[1].toFixed(2); }).join(', ')));
      });
    }
    box.appendChild(text('div', 'Layout: ' + D.layout + '. Metrics are computed by egov on the whole view.', 'note'));
  }

  // --------------------------------------------------------------- share
  var SVG_STYLE = '.edge{fill:none;stroke-width:1.6;stroke-linecap:round}.edge.context{stroke-dasharray:5 4;stroke-width:1.1}.edge.k-member_of{stroke-dasharray:1.5 3}.edge.structure{stroke-width:1}.edge.statement{stroke-dasharray:8 3 2 3}.edge.undated{stroke-dasharray:2 3}.node circle{stroke:#fff;stroke-width:1.2}.node text{font:11px sans-serif;text-anchor:middle;fill:#1d2430;paint-order:stroke;stroke:#fff;stroke-width:3px}.node.mark circle{stroke:#d62728;stroke-width:3}.node.spreader circle{stroke:#e8a500;stroke-width:3.5}.node.selected circle{stroke:#111;stroke-width:3.5}.node text.badge{font-size:10px;fill:#8a5d00}.node.lonely{opacity:.35}.fade .node:not(.on-path):not(.selected){opacity:.25}.fade .edge:not(.on-path){opacity:.15}.edge.on-path{stroke-width:4}';

  // The picture on screen as a standalone SVG: what is shown, in the
  // visible part of the map.
  function svgText() {
    var clone = svg.cloneNode(true);
    clone.querySelectorAll('.hidden, title').forEach(function (x) { x.remove(); });
    if (view.k < 1.6) clone.querySelectorAll('text.minor').forEach(function (x) { x.remove(); });
    var w = stage.clientWidth, h = stage.clientHeight;
    var x0 = bounds.x0 - view.x / view.k, y0 = bounds.y0 - view.y / view.k;
    clone.setAttribute('viewBox', [x0, y0, w / view.k, h / view.k].map(function (v) { return v.toFixed(1); }).join(' '));
    clone.setAttribute('width', w);
    clone.setAttribute('height', h);
    var style = document.createElementNS(SVGNS, 'style');
    style.textContent = SVG_STYLE;
    clone.insertBefore(style, clone.firstChild);
    var bg = document.createElementNS(SVGNS, 'rect');
    bg.setAttribute('x', x0); bg.setAttribute('y', y0); bg.setAttribute('width', w / view.k); bg.setAttribute('height', h / view.k); bg.setAttribute('fill', '#fff');
    clone.insertBefore(bg, style.nextSibling);
    return new XMLSerializer().serializeToString(clone);
  }

  function download(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function savePng() {
    var img = new Image();
    var scale = 2;
    img.onload = function () {
      var c = document.createElement('canvas');
      c.width = stage.clientWidth * scale; c.height = stage.clientHeight * scale;
      var ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob(function (b) { if (b) download('egov-map.png', b); }, 'image/png');
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText());
  }

  // ------------------------------------------------------- URL fragment
  var hashTimer = null, restoring = false;
  function scheduleHash() {
    if (hashTimer) clearTimeout(hashTimer);
    hashTimer = setTimeout(updateHash, 250);
  }

  function updateHash() {
    if (restoring) return;
    var p = [];
    if (state.selected) p.push('sel=' + encodeURIComponent(state.selected.node !== undefined ? N[state.selected.node].id : E[state.selected.edge].id));
    if (state.asOf !== null) p.push('asof=' + state.asOf);
    if (!state.undated) p.push('undated=0');
    var offE = presentEdgeKinds.filter(function (k) { return !state.edgeKinds.has(k); });
    if (offE.length) p.push('hide=' + offE.join(','));
    var offN = presentNodeKinds.filter(function (k) { return !state.nodeKinds.has(k); });
    if (offN.length) p.push('hidenodes=' + offN.join(','));
    if (state.colorBy !== (D.colorBy || 'kind')) p.push('color=' + state.colorBy);
    if (state.sizeBy !== (D.sizeBy || 'kind')) p.push('size=' + state.sizeBy);
    if (state.spreaders) p.push('spreaders=1');
    if (state.path) p.push('path=' + state.path.map(encodeURIComponent).join(','));
    p.push('z=' + [view.k.toFixed(3), view.x.toFixed(0), view.y.toFixed(0)].join(','));
    var h = '#' + p.join('&');
    if (location.hash !== h) history.replaceState(null, '', h);
  }

  function readHash() {
    var h = location.hash.replace(/^#/, '');
    if (!h) return false;
    var q = {};
    h.split('&').forEach(function (kv) { var i = kv.indexOf('='); if (i > 0) q[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); });
    restoring = true;
    var f = {};
    if (q.hide) q.hide.split(',').forEach(function (k) { f[k] = false; });
    if (q.hidenodes) q.hidenodes.split(',').forEach(function (k) { f[k] = false; });
    if (q.undated === '0') f.undated = false;
    if (q.asof) f.asOf = +q.asof;
    if (q.color) f.colorBy = q.color;
    if (q.size) f.sizeBy = q.size;
    if (q.spreaders === '1') f.spreaders = true;
    filter(f);
    if (q.path) { var pp = q.path.split(','); path(pp[0], pp[1], false); }
    if (q.sel) select(q.sel, false);
    var had = false;
    if (q.z) {
      var z = q.z.split(',').map(Number);
      if (z.length === 3 && z.every(isFinite)) { view.k = z[0]; view.x = z[1]; view.y = z[2]; applyView(); had = true; }
    }
    restoring = false;
    return had;
  }

  // ------------------------------------------------------------- the API
  // filter({borders: false, person: false, cooperation: true, asOf: 2015,
  //         undated: false, colorBy: 'region', sizeBy: 'degree', spreaders: true})
  function filter(f) {
    f = f || {};
    Object.keys(f).forEach(function (k) {
      var on = f[k];
      if (k === 'asOf') { setAsOf(on); return; }
      if (k === 'undated') { state.undated = !!on; $('undated').checked = !!on; return; }
      if (k === 'colorBy') { state.colorBy = on; $('color-by').value = on; applyColor(); return; }
      if (k === 'sizeBy') { state.sizeBy = on; $('size-by').value = on; applySize(); return; }
      if (k === 'spreaders') { state.spreaders = !!on && !!D.spreaders; $('spreaders').checked = state.spreaders; applySpreaders(); return; }
      if (presentNodeKinds.indexOf(k) >= 0) {
        if (on) state.nodeKinds.add(k); else state.nodeKinds.delete(k);
        $('node-kind-' + k).checked = !!on;
        return;
      }
      var kinds = presentEdgeKinds.filter(function (x) { return x === k || groupOf.get(x) === k; });
      kinds.forEach(function (x) {
        if (on) state.edgeKinds.add(x); else state.edgeKinds.delete(x);
        $('edge-kind-' + x).checked = !!on;
      });
    });
    applyFilters();
    legend();
    updateHash();
    return { nodes: visibleNodeIds(), edges: visibleEdgeIds() };
  }

  function setAsOf(y) {
    state.asOf = (y === null || y === undefined || y === '') ? null : parseInt(String(y).slice(0, 4), 10);
    if (state.asOf !== null && isNaN(state.asOf)) state.asOf = null;
    $('asof').value = state.asOf === null ? maxYear + 1 : state.asOf;
  }

  // Shows the ties as of the end of a year (`2015`, `'2015-06'` counts
  // as 2015); null shows every date.
  function asOf(y) {
    setAsOf(y);
    applyFilters();
    updateHash();
    return visibleEdgeIds();
  }

  function path(from, to, centre) {
    state.path = from && to ? [String(from), String(to)] : null;
    $('path-from').value = from || '';
    $('path-to').value = to || '';
    return runPath(centre !== false);
  }

  function visibleNodeIds() { return N.filter(function (n, i) { return visibleN[i]; }).map(function (n) { return n.id; }); }
  function visibleEdgeIds() { return E.filter(function (e, i) { return visibleE[i]; }).map(function (e) { return e.id; }); }

  // Pans the map `frames` times, one step per animation frame, and
  // resolves with the frames per second the browser managed.
  function measurePan(frames) {
    frames = frames || 120;
    return new Promise(function (done) {
      var n = 0, t0 = null;
      function step(t) {
        if (t0 === null) t0 = t;
        view.x += (n % 60 < 30 ? 4 : -4);
        view.y += (n % 40 < 20 ? 3 : -3);
        applyView();
        n += 1;
        if (n < frames) requestAnimationFrame(step);
        else requestAnimationFrame(function (t1) { done({ frames: frames, ms: t1 - t0, fps: frames * 1000 / (t1 - t0) }); });
      }
      requestAnimationFrame(step);
    });
  }

  // ---------------------------------------------------------------- start
  draw();
  buildControls();
  applyColor();
  applySize();
  applyFilters();
  clearPathMarks();
  legend();
  // What the command line asked for, then what the link says; the
  // address is written only once the page is set up.
  var hadHash = location.hash.length > 1;
  restoring = true;
  if (D.showSpreaders) filter({ spreaders: true });
  if (D.path && D.path.length > 1) path(D.path[0], D.path[D.path.length - 1], false);
  if (D.highlight && D.highlight.length) select(D.highlight[0], false);
  restoring = false;
  var restored = hadHash && readHash();
  if (!restored) fitAll();
  updateHash();

  window.egov = {
    nodes: N, edges: E, sources: S,
    select: function (id) { return select(id, true); },
    filter: filter,
    asOf: asOf,
    path: path,
    visibleNodes: visibleNodeIds,
    visibleEdges: visibleEdgeIds,
    svg: svgText,
    measurePan: measurePan,
    state: state,
    readyMs: null
  };
  requestAnimationFrame(function () { requestAnimationFrame(function () { window.egov.readyMs = performance.now(); }); });
})();
