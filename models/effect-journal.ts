import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// The effect journal (lib/storage/ports/effect-journal.ts): one document per accepted event whose
// effects are not all stored yet, `_id` derived from tenant + event key, deleted once they are.
// It stays small (the events in flight), whatever the traffic.
const effectJournalSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, required: true },
    eventKey: { type: String, required: true },
    kind: { type: String, required: true },
    input: { type: Schema.Types.Mixed },
    deliveryId: { type: String, default: null },
    scheme: { type: String, required: true },
    headers: { type: Schema.Types.Mixed },
    rawBody: { type: String },
    openedAt: { type: Date, required: true },
  },
  { collection: "effect_journal", minimize: false },
);
// journal.listDue: a restarted server (or the periodic sweep) reads the entries left open longest.
effectJournalSchema.index({ openedAt: 1 }, { name: "due" });

export type EffectJournalFields = InferSchemaType<typeof effectJournalSchema>;
type EffectJournalModel = Model<EffectJournalFields>;
export const EffectJournal: EffectJournalModel =
  (mongoose.models.EffectJournal as EffectJournalModel | undefined) ??
  mongoose.model<EffectJournalFields>("EffectJournal", effectJournalSchema);
