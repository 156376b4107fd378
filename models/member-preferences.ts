import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// A member's own preferences in one tenant (lib/storage/common/member-preferences.ts), `_id`
// "<tenantId>:<userId>". Read and replaced by `_id` (and tenant) only: no secondary index.
const memberPreferencesSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    notifications: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "member_preferences", minimize: false },
);

export type MemberPreferencesFields = InferSchemaType<typeof memberPreferencesSchema>;
type MemberPreferencesModel = Model<MemberPreferencesFields>;
export const MemberPreferences: MemberPreferencesModel =
  (mongoose.models.MemberPreferences as MemberPreferencesModel | undefined) ??
  mongoose.model<MemberPreferencesFields>("MemberPreferences", memberPreferencesSchema);
