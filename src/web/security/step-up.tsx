// STUB (owner: helper h4). Step-up: "confirm it is you" before sensitive changes.
/** Whether the session may make sensitive changes now (signed in or stepped up in the last 5 minutes). */
export function useStepUp(): { isRecent: boolean } {
  return { isRecent: false };
}

/** The panel that asks for the password and a second factor, shown when a change needs a step-up. */
export function StepUpPanel() {
  return null;
}
