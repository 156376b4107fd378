import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The trash-can button of a list row; `label` says what it removes, for screen readers and tooltips. */
export function RemoveButton({
  label,
  onClick,
  disabled,
  disabledReason,
  className = "",
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  disabledReason?: string;
  className?: string;
}) {
  return (
    <Button
      variant="ghost"
      className={`px-2 ${className}`}
      aria-label={label}
      title={disabled ? disabledReason : label}
      disabled={disabled}
      onClick={onClick}
    >
      <Trash2 aria-hidden className="size-4" />
    </Button>
  );
}
