import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { cancelLeave, confirmLeave, usePendingLeave } from './navigation.js';

/** Asks before a navigation would drop unsaved work (see useLeaveGuard); staying is the default. */
export function LeavePrompt() {
  const pending = usePendingLeave();
  if (!pending) return null;
  return (
    <ConfirmDialog
      key={pending.to}
      title="Leave without saving?"
      message={`${pending.message} Leave this screen and lose them?`}
      confirmLabel="Leave without saving"
      cancelLabel="Stay"
      danger
      onConfirm={confirmLeave}
      onClose={cancelLeave}
    />
  );
}
