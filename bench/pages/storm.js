// Loaded by the storm pages: window.runStorm({ frames, perFrame, from }) dispatches a storm of
// pointer moves, scrolls and clicks, perFrame per animation frame for `frames` frames (events
// numbered from `from`, so consecutive calls go on where the last stopped), and resolves with
// the time each frame's dispatch took and the duration of every long task (> 50 ms) seen
// meanwhile.
window.runStorm = async function runStorm({ frames: count, perFrame, from = 0 }) {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask' });
  const target = document.querySelector('.text');
  const frames = [];
  let sent = from;
  await new Promise((done) => {
    const frame = () => {
      const start = performance.now();
      for (let i = 0; i < perFrame; i++, sent++) {
        if (sent % 50 === 0) {
          target.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 10, clientY: 10 }));
        } else if (sent % 5 === 0) {
          window.scrollTo(0, (sent * 7) % 15000);
          window.dispatchEvent(new Event('scroll'));
        } else {
          target.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: sent % 800, clientY: 50 }));
        }
      }
      frames.push(performance.now() - start);
      if (frames.length < count) requestAnimationFrame(frame); else setTimeout(done, 100);
    };
    requestAnimationFrame(frame);
  });
  observer.disconnect();
  return { frames, longTasks };
};
