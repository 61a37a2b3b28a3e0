/**
 * A typed set of callbacks: the pipeline's parts signal each other through these instead of
 * string-keyed EventEmitters, so a misspelt event or a wrong payload is a type error.
 */
export class Listeners<T> {
  private readonly handlers = new Set<(value: T) => void>();

  add(handler: (value: T) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(value: T): void {
    for (const handler of [...this.handlers]) handler(value);
  }

  clear(): void {
    this.handlers.clear();
  }
}
