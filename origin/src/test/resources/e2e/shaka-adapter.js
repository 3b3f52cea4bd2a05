// Shaka Player adapter for the Fount e2e harness (needs shaka-player.compiled.js and harness.js loaded
// first). config: Shaka configuration (player.configure), merged over Shaka's defaults.
// Errors: the 'error' event's shaka.util.Error; severity CRITICAL (2) is fatal. A rejected load()
// is fatal too (Shaka reports load failures through the promise, not the event).
window.__e2eStart = (manifestUrl, config) => {
  const e2e = window.__e2e;
  e2e.player = 'shaka';
  if (typeof shaka === 'undefined' || !shaka.Player) {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'shaka not defined', fatal: true });
    return;
  }
  shaka.polyfill.installAll();
  if (!shaka.Player.isBrowserSupported()) {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'shaka.Player.isBrowserSupported() is false', fatal: true });
    return;
  }
  e2e.event('shaka', shaka.Player.version);
  const reverse = (o) => {
    const r = {};
    for (const k of Object.keys(o || {})) r[o[k]] = k;
    return r;
  };
  const categories = reverse(shaka.util.Error.Category);
  const codes = reverse(shaka.util.Error.Code);
  const CRITICAL = shaka.util.Error.Severity.CRITICAL;
  const recorded = new Map(); // shaka.util.Error -> its entry in e2e.errors

  const video = e2e.createVideo();
  const player = new shaka.Player();
  window.__shaka = player;
  if (config && Object.keys(config).length) player.configure(config);

  const record = (err, viaPromise) => {
    if (!err) return;
    if (recorded.has(err)) {
      // Seen in the 'error' event already; a rejected load() makes it fatal whatever its severity.
      if (viaPromise && recorded.get(err)) recorded.get(err).fatal = true;
      return;
    }
    const data = Array.isArray(err.data) ? err.data : [];
    // BAD_HTTP_STATUS (1001): data = [uri, status, responseText, headers, requestType, ...];
    // HTTP_ERROR (1002) / TIMEOUT (1003): data = [uri, ...].
    const httpStatus = err.code === 1001 && typeof data[1] === 'number' ? data[1] : 0;
    const url = (err.code >= 1000 && err.code < 1100 && typeof data[0] === 'string') ? data[0] : '';
    e2e.error({
      source: 'shaka',
      type: categories[err.category] || ('CATEGORY_' + err.category),
      details: (codes[err.code] || 'CODE') + '(' + err.code + ')',
      fatal: viaPromise || err.severity === CRITICAL,
      message: err.message || (err.code === undefined ? String(err) : ''),
      url,
      code: httpStatus,
    });
    recorded.set(err, e2e.errors[e2e.errors.length - 1]);
  };
  player.addEventListener('error', (ev) => record(ev.detail, false));

  const variants = () => {
    try { return player.getVariantTracks().filter((t) => t.videoId !== null || t.width); } catch (e) { return []; }
  };
  // One level per distinct video stream (variants repeat a video stream for each audio).
  const videoLevels = () => {
    const seen = new Map();
    for (const t of variants()) {
      const key = t.videoId !== undefined && t.videoId !== null ? t.videoId : t.id;
      if (!seen.has(key)) seen.set(key, t);
    }
    return [...seen.values()].sort((a, b) => (a.videoBandwidth || a.bandwidth) - (b.videoBandwidth || b.bandwidth));
  };
  const currentIndex = () => {
    const active = variants().find((t) => t.active);
    if (!active) return -1;
    return videoLevels().findIndex((t) => (t.videoId !== null && t.videoId === active.videoId) || t.id === active.id);
  };
  e2e.levelCount = () => videoLevels().length;
  e2e.currentLevel = currentIndex;
  e2e.isLive = () => { try { return player.isLive(); } catch (e) { return false; } };
  // Distance from the playhead to the live edge: Shaka's stats.liveLatency (wall clock minus the
  // playhead's presentation time, like dash.js's getCurrentLiveLatency); before Shaka has one, the
  // end of its seek range minus currentTime (which leaves out Shaka's presentation delay).
  e2e.liveLatency = () => {
    if (!e2e.isLive()) return NaN;
    try {
      const stats = player.getStats();
      if (stats && Number.isFinite(stats.liveLatency) && stats.liveLatency > 0) return stats.liveLatency;
    } catch (e) { /* not loaded yet */ }
    const r = player.seekRange();
    return r && Number.isFinite(r.end) ? r.end - video.currentTime : NaN;
  };

  player.addEventListener('manifestparsed', () => e2e.event('manifestparsed'));
  player.addEventListener('loaded', () => {
    e2e.levels = videoLevels().map((t, i) => ({
      index: i, width: t.width || 0, height: t.height || 0, bitrate: t.videoBandwidth || t.bandwidth || 0,
      codecs: [t.videoCodec, t.audioCodec].filter(Boolean).join(','),
    }));
    e2e.event('loaded', e2e.levels.length + ' video levels, live=' + e2e.isLive());
    e2e.levelPlayed(currentIndex());
  });
  const switched = (name) => () => {
    const i = currentIndex();
    e2e.levelPlayed(i);
    e2e.event(name, 'level=' + i);
  };
  player.addEventListener('adaptation', switched('adaptation'));
  player.addEventListener('variantchanged', switched('variantchanged'));
  player.addEventListener('buffering', (ev) => e2e.event('buffering', String(ev.buffering)));
  player.addEventListener('streaming', () => e2e.event('streaming'));

  player.attach(video)
    .then(() => player.load(manifestUrl))
    .then(() => {
      e2e.event('load() resolved');
      e2e.play();
    })
    .catch((err) => {
      // LOAD_INTERRUPTED (7000) is our own __e2eStop; anything else means nothing plays.
      if (err && err.code === 7000) return;
      record(err, true);
    });
};

window.__e2eStop = () => {
  if (window.__shaka) {
    const p = window.__shaka;
    window.__shaka = null;
    return p.destroy().catch(() => {});
  }
  return undefined;
};
