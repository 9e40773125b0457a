/** A typed event emitter where `on` returns the function that removes the listener. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  /** Called when a listener throws: one broken listener must not break the client. */
  onListenerError: (error: unknown, event: keyof Events) => void = () => {};

  /** @returns a function that removes `fn` */
  on<K extends keyof Events>(name: K, fn: (payload: Events[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => void set.delete(fn);
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (p: Events[K]) => void)(payload);
      } catch (error) {
        this.onListenerError(error, name);
      }
    }
  }
}
