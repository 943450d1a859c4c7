import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { selectBackend } from './backend';
import { loadTf } from './tf';

// Spy on the lazy tfjs loader so the test can tell whether a choice pulled tfjs in.
vi.mock('./tf', async (importOriginal) => {
  const real = await importOriginal<typeof import('./tf')>();
  return { ...real, loadTf: vi.fn(real.loadTf) };
});

const require = createRequire(import.meta.url);
/** The wasm backend's binaries, as the prefix `setWasmPaths` wants (Node has no bundler to resolve them). */
const wasmPaths = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';

// One file, one process: tfjs is a module-level singleton here, so the tests run in order and each
// one that activates a backend says which it expects.
describe('selectBackend (Node)', () => {
  it('auto with a plain path picks plain TypeScript and does not load tfjs', async () => {
    const { choice, tf } = await selectBackend('auto', { hasPlainPath: true });
    expect(choice.name).toBe('ts');
    expect(choice.reason).toMatch(/closed-form|plain TypeScript/i);
    expect(tf).toBeNull();
    expect(loadTf).not.toHaveBeenCalled();
  });

  it('forced ts runs a linear job without tfjs', async () => {
    const { choice, tf } = await selectBackend('ts', { hasPlainPath: true });
    expect(choice).toEqual({ name: 'ts', reason: expect.stringMatching(/forced/) });
    expect(tf).toBeNull();
    expect(loadTf).not.toHaveBeenCalled();
  });

  it('forced ts for a neural (non-linear) job throws a message that names the alternatives', async () => {
    await expect(selectBackend('ts', { hasPlainPath: false })).rejects.toThrow(/"ts" only runs linear policies.*cpu.*wasm/);
    expect(loadTf).not.toHaveBeenCalled();
  });

  it('webgl and webgpu are not available in Node, with a clear error', async () => {
    for (const name of ['webgl', 'webgpu'] as const) {
      await expect(selectBackend(name, { hasPlainPath: false })).rejects.toThrow(
        new RegExp(`backend "${name}" is not available here \\(Node has only cpu and wasm\\)`),
      );
    }
  });

  it('forced cpu activates the tfjs cpu backend', async () => {
    const { choice, tf } = await selectBackend('cpu', { hasPlainPath: false });
    expect(choice).toEqual({ name: 'cpu', reason: 'forced' });
    expect(tf).not.toBeNull();
    expect(tf!.getBackend()).toBe('cpu');
    expect(tf).toBe(await loadTf());
    // A forced backend is honoured even when a plain path exists (tests and the CLI force tfjs this way).
    expect((await selectBackend('cpu', { hasPlainPath: true })).choice.name).toBe('cpu');
  });

  it('forced wasm activates the tfjs wasm backend and computes', async () => {
    const { choice, tf } = await selectBackend('wasm', { hasPlainPath: false }, { wasmPaths });
    expect(choice).toEqual({ name: 'wasm', reason: 'forced' });
    expect(tf!.getBackend()).toBe('wasm');
    const y = tf!.tidy(() => tf!.sum(tf!.mul(tf!.tensor1d([1, 2, 3]), 2)));
    expect(await y.data()).toEqual(new Float32Array([12]));
    y.dispose();
  });

  it('auto without a plain path picks wasm in Node (no WebGPU adapter) and says why', async () => {
    const tf = await loadTf();
    await tf.setBackend('cpu');
    const { choice } = await selectBackend('auto', { hasPlainPath: false }, { wasmPaths });
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/wasm/);
    expect(choice.reason).toMatch(/no WebGPU adapter/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
