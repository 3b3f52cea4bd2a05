// dash.js adapter for the Fount e2e harness (needs dash.all.min.js and harness.js loaded first; for
// Smooth Streaming also dash.mss.min.js, which defines dashjs.MssHandler: dash.js then recognises a
// SmoothStreamingMedia manifest, e.g. .../Manifest, and plays it).
//
// config: dash.js settings (player.updateSettings), merged over dash.js's own defaults; nothing is
// changed for live (BUILD-NOTES trap 12: dash.js's live delay defaults are what is tested), except
// that the debug log level is kept at WARNING. Two harness-only keys, removed before updateSettings:
//   e2eMss: true      -> the player is named 'dash.js-mss' and dashjs.MssHandler must be present
//   e2eFatalCodes: [] -> dash.js error codes to treat as fatal instead of the default list below
//   e2eProtectionData: {...} -> passed to player.setProtectionData (EME key systems, e.g.
//                       {"org.w3.clearkey": {"serverURL": "..."}}) before the stream is attached
window.__e2eStart = (manifestUrl, config) => {
  const e2e = window.__e2e;
  const cfg = Object.assign({}, config || {});
  const mss = !!cfg.e2eMss;
  delete cfg.e2eMss;
  e2e.player = mss ? 'dash.js-mss' : 'dash.js';
  if (typeof dashjs === 'undefined' || !dashjs.MediaPlayer) {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'dashjs not defined', fatal: true });
    return;
  }
  if (mss && typeof dashjs.MssHandler !== 'function') {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'dashjs.MssHandler not defined (load dash.mss.min.js)', fatal: true });
    return;
  }
  if (!window.MediaSource) {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'no MediaSource (MSE)', fatal: true });
    return;
  }
  // dash.js has no fatal flag: its ERROR event fires once retries are exhausted. These codes leave
  // nothing to play (manifest, capability, parse, key system); others (a segment given up, time
  // sync, text track) are recorded as non-fatal and playback is judged by the samples.
  const DEFAULT_FATAL = [10, 11, 12, 23, 24, 25, 28, 31, 32, 34, 35, 36];
  const fatalCodes = Array.isArray(cfg.e2eFatalCodes) ? cfg.e2eFatalCodes : DEFAULT_FATAL;
  delete cfg.e2eFatalCodes;
  const protectionData = cfg.e2eProtectionData;
  delete cfg.e2eProtectionData;
  const errorNames = {};
  try {
    const errs = dashjs.MediaPlayer.errors || {};
    for (const k of Object.keys(errs)) {
      if (k.endsWith('_CODE') && typeof errs[k] === 'number') errorNames[errs[k]] = k.replace(/_CODE$/, '');
    }
    if (mss && dashjs.MssHandler.errors) {
      for (const k of Object.keys(dashjs.MssHandler.errors)) {
        const c = dashjs.MssHandler.errors[k];
        if (k.endsWith('_CODE') && typeof c === 'number') errorNames[c] = k.replace(/_CODE$/, '');
      }
    }
  } catch (e) { /* names are cosmetic */ }

  const video = e2e.createVideo();
  const player = dashjs.MediaPlayer().create();
  window.__dashjs = player;
  const version = player.getVersion ? player.getVersion() : '?';
  e2e.event('dash.js', version + (mss ? ' +mss' : ''));
  player.updateSettings({ debug: { logLevel: dashjs.Debug ? dashjs.Debug.LOG_LEVEL_WARNING : 3 } });
  if (Object.keys(cfg).length) player.updateSettings(cfg);

  const reps = () => {
    try {
      if (player.getRepresentationsByType) return player.getRepresentationsByType('video') || []; // v5
      return player.getBitrateInfoListFor ? player.getBitrateInfoListFor('video') || [] : []; // v4
    } catch (e) { return []; }
  };
  const currentIndex = () => {
    try {
      if (player.getCurrentRepresentationForType) {
        const cur = player.getCurrentRepresentationForType('video');
        if (!cur) return -1;
        return reps().findIndex((r) => r === cur || (r.id === cur.id && r.bandwidth === cur.bandwidth));
      }
      return player.getQualityFor ? player.getQualityFor('video') : -1;
    } catch (e) { return -1; }
  };
  const publishLevels = () => {
    e2e.levels = reps().map((r, i) => ({
      index: i, width: r.width || 0, height: r.height || 0,
      bitrate: r.bandwidth || r.bitrate || 0, codecs: r.codecs || '',
    }));
  };
  e2e.levelCount = () => reps().length;
  e2e.currentLevel = currentIndex;
  e2e.isLive = () => { try { return player.isDynamic(); } catch (e) { return false; } };
  // getCurrentLiveLatency: seconds from the playhead to the live edge (wall clock based), NaN if not live.
  e2e.liveLatency = () => (e2e.isLive() ? player.getCurrentLiveLatency() : NaN);

  const E = dashjs.MediaPlayer.events;
  player.on(E.ERROR, (ev) => {
    const err = ev.error || {};
    const code = typeof err.code === 'number' ? err.code : 0;
    const data = err.data || {};
    const response = data.response || {};
    const request = data.request || {};
    const status = typeof response.status === 'number' ? response.status
      : (request.response && typeof request.response.status === 'number' ? request.response.status : 0);
    e2e.error({
      source: e2e.player,
      type: errorNames[code] || ('DASHJS_' + code),
      details: 'code ' + code,
      fatal: fatalCodes.includes(code),
      message: err.message || '',
      url: request.url || response.url || '',
      code: status,
    });
  });
  player.on(E.PLAYBACK_ERROR, (ev) => e2e.event('PLAYBACK_ERROR', ev.error ? String(ev.error.message || ev.error) : ''));
  player.on(E.MANIFEST_LOADED, (ev) => {
    const m = ev.data || {};
    e2e.event('MANIFEST_LOADED', 'type=' + (m.type || '?'));
  });
  player.on(E.STREAM_INITIALIZED, () => {
    publishLevels();
    e2e.event('STREAM_INITIALIZED', e2e.levels.length + ' video representations, dynamic=' + e2e.isLive());
    e2e.levelPlayed(currentIndex());
  });
  player.on(E.QUALITY_CHANGE_RENDERED, (ev) => {
    if (ev.mediaType !== 'video') return;
    const idx = currentIndex();
    e2e.levelPlayed(idx);
    e2e.event('QUALITY_CHANGE_RENDERED', 'video index=' + idx);
  });
  player.on(E.PLAYBACK_STARTED, () => e2e.event('PLAYBACK_STARTED'));
  player.on(E.PLAYBACK_STALLED, () => e2e.event('PLAYBACK_STALLED'));
  player.on(E.BUFFER_EMPTY, (ev) => e2e.event('BUFFER_EMPTY', ev.mediaType || ''));
  player.on(E.FRAGMENT_LOADING_COMPLETED, (ev) => {
    const r = ev.request || {};
    if (r.type === 'MediaSegment' || r.type === 'InitializationSegment') {
      e2e.event('FRAGMENT_LOADED', (r.mediaType || '') + ' ' + (r.type === 'InitializationSegment' ? 'init'
        : 't=' + (Number.isFinite(r.startTime) ? r.startTime.toFixed(2) : '?') + ' d=' + (Number.isFinite(r.duration) ? r.duration.toFixed(2) : '?')));
    }
  });

  if (protectionData) player.setProtectionData(protectionData);
  player.initialize(video, manifestUrl, true);
};

window.__e2eStop = () => {
  if (window.__dashjs) {
    try { window.__dashjs.destroy(); } catch (e) { /* already gone */ }
    window.__dashjs = null;
  }
};
