// hls.js adapter for the Fount e2e harness (needs hls.min.js and harness.js loaded first).
window.__e2eStart = (manifestUrl, config) => {
  const e2e = window.__e2e;
  e2e.player = 'hls.js';
  if (typeof Hls === 'undefined') {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'Hls not defined', fatal: true });
    return;
  }
  e2e.event('hls.js', Hls.version);
  if (!Hls.isSupported()) {
    e2e.error({ source: 'harness', type: 'SETUP', details: 'Hls.isSupported() is false (no MSE?)', fatal: true });
    return;
  }
  const video = e2e.createVideo();
  const hls = new Hls(Object.assign({ lowLatencyMode: false, debug: false, enableWorker: true }, config || {}));
  window.__hls = hls;
  e2e.levelCount = () => (hls.levels ? hls.levels.length : 0);
  e2e.currentLevel = () => hls.currentLevel;
  const details = () => hls.latestLevelDetails
    || (hls.levels && hls.levels[Math.max(0, hls.currentLevel)] && hls.levels[Math.max(0, hls.currentLevel)].details);
  e2e.isLive = () => { const d = details(); return !!(d && d.live); };
  // hls.latency: seconds from the playhead to the live edge (the playlist's end as hls.js estimates it).
  e2e.liveLatency = () => (e2e.isLive() ? hls.latency : NaN);
  const E = Hls.Events;

  hls.on(E.ERROR, (ev, d) => {
    e2e.error({
      source: 'hls.js',
      type: d.type,
      details: d.details,
      fatal: d.fatal,
      message: (d.error && d.error.message) || d.reason || d.err || '',
      url: (d.frag && d.frag.url) || (d.context && d.context.url) || d.url || '',
      code: d.response && typeof d.response.code === 'number' ? d.response.code : 0,
    });
  });
  hls.on(E.MEDIA_ATTACHED, () => e2e.event('MEDIA_ATTACHED'));
  hls.on(E.MANIFEST_LOADED, (ev, d) => e2e.event('MANIFEST_LOADED', (d.levels ? d.levels.length : 0) + ' levels'));
  hls.on(E.MANIFEST_PARSED, (ev, d) => {
    e2e.levels = d.levels.map((l, i) => ({
      index: i, width: l.width || 0, height: l.height || 0, bitrate: l.bitrate || 0,
      codecs: [l.videoCodec, l.audioCodec].filter(Boolean).join(','),
    }));
    e2e.event('MANIFEST_PARSED', d.levels.length + ' levels');
    e2e.play();
  });
  hls.on(E.LEVEL_LOADED, (ev, d) => {
    const det = d.details || {};
    e2e.event('LEVEL_LOADED', 'level=' + d.level + ' live=' + det.live + ' frags=' + (det.fragments ? det.fragments.length : 0)
      + ' seq=' + det.startSN + '-' + det.endSN);
  });
  hls.on(E.LEVEL_SWITCHED, (ev, d) => { e2e.levelPlayed(d.level); e2e.event('LEVEL_SWITCHED', 'level=' + d.level); });
  hls.on(E.FRAG_BUFFERED, (ev, d) => e2e.event('FRAG_BUFFERED', 'level=' + d.frag.level + ' sn=' + d.frag.sn));
  hls.on(E.BUFFER_CODECS, (ev, d) => e2e.event('BUFFER_CODECS', ['audio', 'video', 'audiovideo'].filter((k) => d[k]).map((k) => k + '=' + (d[k].codec || d[k].container)).join(' ')));

  hls.attachMedia(video);
  hls.loadSource(manifestUrl);
};

window.__e2eStop = () => {
  if (window.__hls) {
    window.__hls.destroy();
    window.__hls = null;
  }
};
