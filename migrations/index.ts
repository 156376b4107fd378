import adoptLegacyParkedPayments from "./001-adopt-legacy-parked-payments";
import retireReplacedLogIndexes from "./002-retire-replaced-log-indexes";
import retireReplacedOrderIndexes from "./003-retire-replaced-order-indexes";
import orderKeywords from "./004-order-keywords";
import deliverySearchKeys from "./005-delivery-search-keys";

// Every step, in order (lib/storage/migrations/migration.ts says what a step must be). A new step
// is a new file `NNN-name.ts` here, listed below; an applied step is never edited, only followed.
export const migrations = [
  adoptLegacyParkedPayments,
  retireReplacedLogIndexes,
  retireReplacedOrderIndexes,
  orderKeywords,
  deliverySearchKeys,
];
