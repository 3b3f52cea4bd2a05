// Fount end-to-end player harness: player-independent recording of what a <video> element does.
// Player adapters (hlsjs-adapter.js, dashjs-adapter.js, shaka-adapter.js) call into window.__e2e.
(() => {
  const MAX_EVENTS = 400;
  const t0 = performance.now();
  const e2e = {
    player: 'none',
    video: null,
    errors: [],        // {t, source, type, details, fatal, message, url, code}
    events: [],        // "12.3 name detail"
    levels: [],        // {index, width, height, bitrate, codecs}
    levelsPlayed: [],  // indexes of levels the player switched to
    droppedEvents: 0,
    levelCount: () => 0,
    currentLevel: () => -1,
    // Adapters override these when the player knows: is the stream live, and how many seconds
    // behind the live edge is the playhead (NaN when unknown or not live).
    isLive: () => false,
    liveLatency: () => NaN,
    stalls: 0,           // 'waiting' after playback had started (a rebuffer), seeks excluded
    stalledSeconds: 0,   // time spent in those rebuffers, the current one included
    stallStart: -1,
    started: false,
    seekingNow: false,
  };
  window.__e2e = e2e;

  e2e.now = () => (performance.now() - t0) / 1000;

  e2e.event = (name, detail) => {
    if (e2e.events.length >= MAX_EVENTS) { e2e.droppedEvents++; return; }
    e2e.events.push(e2e.now().toFixed(2) + ' ' + name + (detail === undefined || detail === '' ? '' : ' ' + detail));
  };

  e2e.error = (err) => {
    const e = {
      t: e2e.now(),
      source: String(err.source || e2e.player),
      type: String(err.type || ''),
      details: String(err.details || ''),
      fatal: !!err.fatal,
      message: err.message === undefined || err.message === null ? '' : String(err.message),
      url: err.url ? String(err.url) : '',
      code: typeof err.code === 'number' ? err.code : 0,
    };
    if (e2e.errors.length < MAX_EVENTS) e2e.errors.push(e); else e2e.droppedEvents++;
    e2e.event('ERROR', (e.fatal ? 'fatal ' : '') + e.type + '/' + e.details + (e.url ? ' ' + e.url : '') + (e.code ? ' code=' + e.code : ''));
  };

  e2e.levelPlayed = (index) => {
    if (typeof index === 'number' && index >= 0 && !e2e.levelsPlayed.includes(index)) e2e.levelsPlayed.push(index);
  };

  e2e.createVideo = () => {
    const v = document.createElement('video');
    v.muted = true;
    v.defaultMuted = true;
    v.autoplay = true;
    v.playsInline = true;
    v.width = 640;
    v.height = 360;
    document.body.appendChild(v);
    for (const name of ['loadstart', 'loadedmetadata', 'loadeddata', 'canplay', 'playing', 'waiting', 'stalled',
                        'pause', 'seeking', 'seeked', 'ended', 'emptied', 'abort', 'resize']) {
      v.addEventListener(name, () => e2e.event('video.' + name, 't=' + v.currentTime.toFixed(2)));
    }
    // Stall accounting: a 'waiting' after the first 'playing' that is not caused by a seek.
    v.addEventListener('playing', () => {
      e2e.started = true;
      if (e2e.stallStart >= 0) { e2e.stalledSeconds += e2e.now() - e2e.stallStart; e2e.stallStart = -1; }
    });
    v.addEventListener('seeking', () => { e2e.seekingNow = true; });
    v.addEventListener('seeked', () => { e2e.seekingNow = false; });
    v.addEventListener('waiting', () => {
      if (e2e.started && !e2e.seekingNow && e2e.stallStart < 0 && !v.ended) {
        e2e.stalls++;
        e2e.stallStart = e2e.now();
        e2e.event('STALL', '#' + e2e.stalls + ' t=' + v.currentTime.toFixed(2));
      }
    });
    v.addEventListener('error', () => {
      const me = v.error;
      e2e.error({ source: 'video', type: 'MEDIA_ELEMENT_ERROR', details: me ? 'code ' + me.code : 'unknown',
                  fatal: true, message: me ? me.message : '', code: me ? me.code : 0 });
    });
    e2e.video = v;
    return v;
  };

  e2e.play = () => {
    const v = e2e.video;
    if (!v) return;
    const p = v.play();
    if (p && p.then) {
      p.then(() => e2e.event('play() resolved'), (err) => e2e.event('play() rejected', String(err)));
    }
  };

  e2e.sample = () => {
    const v = e2e.video;
    const buffered = [];
    let played = 0;
    let decoded = 0;
    let dropped = 0;
    if (v) {
      for (let i = 0; i < v.buffered.length; i++) buffered.push({ start: v.buffered.start(i), end: v.buffered.end(i) });
      for (let i = 0; i < v.played.length; i++) played += v.played.end(i) - v.played.start(i);
      if (v.getVideoPlaybackQuality) {
        const q = v.getVideoPlaybackQuality();
        decoded = q.totalVideoFrames;
        dropped = q.droppedVideoFrames;
      }
    }
    let levels = 0;
    let current = -1;
    try { levels = e2e.levelCount(); } catch (e) { /* player not ready */ }
    try { current = e2e.currentLevel(); } catch (e) { /* player not ready */ }
    let live = false;
    let latency = NaN;
    try { live = !!e2e.isLive(); } catch (e) { /* player not ready */ }
    try { latency = Number(e2e.liveLatency()); } catch (e) { /* player not ready */ }
    return {
      wallSeconds: e2e.now(),
      currentTime: v ? v.currentTime : 0,
      readyState: v ? v.readyState : 0,
      paused: v ? v.paused : true,
      buffered,
      levels,
      currentLevel: current,
      playedSeconds: played,
      decodedFrames: decoded,
      droppedFrames: dropped,
      fatalErrors: e2e.errors.filter((e) => e.fatal).length,
      live,
      liveLatency: Number.isFinite(latency) ? latency : null,
      stalls: e2e.stalls,
      stalledSeconds: e2e.stalledSeconds + (e2e.stallStart >= 0 ? e2e.now() - e2e.stallStart : 0),
    };
  };

  e2e.snapshot = () => ({
    player: e2e.player,
    errors: e2e.errors,
    events: e2e.events,
    levels: e2e.levels,
    levelsPlayed: e2e.levelsPlayed,
    droppedEvents: e2e.droppedEvents,
  });
})();
