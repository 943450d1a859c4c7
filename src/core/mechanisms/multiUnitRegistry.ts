import { discriminatory } from './discriminatory';
import type { MultiUnitMechanism, MultiUnitMechanismId } from './multiUnit';
import { uniformPrice } from './uniformPrice';
import { vcgMultiUnit } from './vcgMultiUnit';

/** Every multi-unit mechanism, by id: UI pickers, the URL codec, the CLI and the conformance suite read this. */
export const multiUnitMechanisms: Readonly<Record<MultiUnitMechanismId, MultiUnitMechanism>> = {
  uniform: uniformPrice,
  discriminatory,
  vcg: vcgMultiUnit,
};

export const multiUnitMechanismIds = Object.keys(multiUnitMechanisms) as MultiUnitMechanismId[];
