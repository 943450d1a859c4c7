/**
 * Lazy access to tfjs-core with every gradient registered. tfjs is only ever loaded through here, inside a
 * worker or the CLI, never by the page's main bundle.
 */
export type Tf = typeof import('@tensorflow/tfjs-core');

let tfPromise: Promise<Tf> | null = null;

export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    // tfjs-core alone ships no gradients; without this, autograd throws for most ops.
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    return tf;
  })();
  return tfPromise;
}
