import { parsePolicyFile, type PolicyFileResult, type SettingsRestore } from '../../../../core/labs/permitAuction/policyFile';
import { restoreRunRecord } from '../../../../state/restoreRun';

/**
 * A policy file's settings through the one restore path (`restoreExperiment`), reached through the state layer's
 * run-record restore, since the UI may not import `src/presets`: the settings are read exactly as a stored run's
 * (lab schema in clamp mode, `normalize`, seed checked), and only its messages about them come back.
 */
const restoreSettings: SettingsRestore = (input) => {
  const r = restoreRunRecord({ id: 'imported policy file', status: 'done', v: input.v, lab: input.lab, config: input.config, seed: input.seed });
  return r.ok ? { ok: true, experiment: { lab: r.record.lab, config: r.record.config, seed: r.record.seed }, messages: r.messages } : r;
};

/** Read an imported policy file's text (`parsePolicyFile` with the app's restore path). Never throws. */
export function readPolicyFileText(text: string): PolicyFileResult {
  return parsePolicyFile(text, restoreSettings);
}
