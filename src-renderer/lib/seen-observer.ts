/**
 * What has actually been on screen: reports the highest seq of a message row (`data-seq`) that
 * was at least 60 % visible while the page itself was visible. Feeds the person's read state
 * (protocol 1.1 `read`), which the others see as "Seen by".
 */

/** A running observation of one scrolling list. */
export interface SeenObserver {
  /** Observes the rows now in the list (call after they changed). */
  refresh(): void;
  stop(): void;
}

/** Observes the rows of `scroller`; `report` gets the highest seq seen. */
export function observeSeen(
  scroller: HTMLElement,
  report: (seq: number) => void,
  doc: Document = document,
): SeenObserver {
  const rows = () => scroller.querySelectorAll<HTMLElement>('[data-seq]');
  const observer = new IntersectionObserver(
    (entries) => {
      if (doc.visibilityState !== 'visible') return;
      let max = 0;
      for (const e of entries) if (e.isIntersecting) max = Math.max(max, Number((e.target as HTMLElement).dataset.seq));
      if (max > 0) report(max);
    },
    { root: scroller, threshold: 0.6 },
  );
  // Back to a visible page: observing again reports what is on screen now.
  const visible = () => {
    if (doc.visibilityState !== 'visible') return;
    observer.disconnect();
    rows().forEach((el) => observer.observe(el));
  };
  doc.addEventListener('visibilitychange', visible);
  return {
    refresh: () => rows().forEach((el) => observer.observe(el)),
    stop: () => {
      doc.removeEventListener('visibilitychange', visible);
      observer.disconnect();
    },
  };
}
