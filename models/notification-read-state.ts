import mongoose, { type InferSchemaType, type Model, Schema } from "mongoose";

// One member's read state in one tenant (mongodb adapter; the embedded one keeps it in the member's
// inbox window collection): watermarks and exceptions over feed positions
// (lib/notifications/read-state.ts), `_id` "<tenantId>:<userId>", changed by compare-and-set on
// `version`. Reached only by `_id` (readStates.find, readStates.update): no secondary index.
const readStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    version: { type: Number, required: true },
    readUpTo: { t: { type: Number, default: 0 }, u: { type: Number, default: 0 } },
    read: { type: [String], default: [] },
    unread: { type: [String], default: [] },
    dismissed: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: "notification_read_states", minimize: false },
);

export type NotificationReadStateFields = InferSchemaType<typeof readStateSchema>;
type NotificationReadStateModel = Model<NotificationReadStateFields>;
export const NotificationReadState: NotificationReadStateModel =
  (mongoose.models.NotificationReadState as NotificationReadStateModel | undefined) ??
  mongoose.model<NotificationReadStateFields>("NotificationReadState", readStateSchema);
