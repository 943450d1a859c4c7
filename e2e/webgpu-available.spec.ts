import { expect, test } from './support/fixtures.ts';

/**
 * The test browser must offer WebGPU (with --enable-unsafe-webgpu; SwiftShader's fallback adapter when the
 * machine has no GPU), so the tfjs `webgpu` backend can be tested for correctness. Never judge its speed here.
 */
test('WebGPU adapter is available', async ({ page }) => {
  await page.goto('/');
  const info = await page.evaluate(async () => {
    // WebGPU types come from TypeScript's DOM lib; `navigator.gpu` is still absent in some browsers.
    if (!('gpu' in navigator) || !navigator.gpu) return { hasGpu: false, adapter: null };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { hasGpu: true, adapter: null };
    const i = adapter.info;
    return {
      hasGpu: true,
      adapter: {
        vendor: i.vendor,
        architecture: i.architecture,
        device: i.device,
        description: i.description,
        isFallbackAdapter: i.isFallbackAdapter,
      },
    };
  });
  test.info().annotations.push({ type: 'webgpu-adapter', description: JSON.stringify(info.adapter) });
  console.log(`WebGPU adapter: ${JSON.stringify(info.adapter)}`);
  expect(info.hasGpu, 'navigator.gpu is missing').toBe(true);
  expect(info.adapter, 'navigator.gpu.requestAdapter() returned null').not.toBeNull();
});
