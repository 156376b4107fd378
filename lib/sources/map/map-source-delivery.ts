import { mapPaddle } from "@/lib/sources/map/map-paddle";
import { mapShopify } from "@/lib/sources/map/map-shopify";
import { mapStripe } from "@/lib/sources/map/map-stripe";
import { mapWoocommerce } from "@/lib/sources/map/map-woocommerce";
import { obj, text } from "@/lib/sources/map/read";
import type { MapInput, Mapping } from "@/lib/sources/map/types";
import type { SourceType } from "@/lib/sources/schemas";

/**
 * What a verified delivery of a source of `type` becomes (SPEC §8). Types without a mapping
 * (square, standard, generic-hmac) are stored and shown, keyed by the platform's id.
 */
export function mapSourceDelivery(type: SourceType, input: MapInput): Mapping {
  switch (type) {
    case "shopify":
      return mapShopify(input as MapInput<"shopify">);
    case "stripe":
      return mapStripe(input as MapInput<"stripe">);
    case "woocommerce":
      return mapWoocommerce(input as MapInput<"woocommerce">);
    case "paddle":
      return mapPaddle(input as MapInput<"paddle">);
    case "square": {
      const body = obj(input.body);
      return { topic: text(body.type), eventId: text(body.event_id), event: null, note: "Square events are stored, not mapped" };
    }
    default: {
      const body = obj(input.body);
      return {
        topic: input.topic ?? text(body.type) ?? text(body.event_type),
        eventId: input.deliveryId ?? text(body.id),
        event: null,
        note: `${type} sources are stored, not mapped`,
      };
    }
  }
}
