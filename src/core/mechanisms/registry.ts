import { allPay } from './allPay';
import { firstPrice } from './firstPrice';
import { secondPrice } from './secondPrice';
import type { SingleItemMechanism, SingleItemMechanismId } from './singleItem';

/** Every single-item mechanism, by id. UI pickers, the URL codec, the CLI and the conformance suite read this. */
export const singleItemMechanisms: Readonly<Record<SingleItemMechanismId, SingleItemMechanism>> = {
  'first-price': firstPrice,
  'second-price': secondPrice,
  'all-pay': allPay,
};

export const singleItemMechanismIds = Object.keys(singleItemMechanisms) as SingleItemMechanismId[];
