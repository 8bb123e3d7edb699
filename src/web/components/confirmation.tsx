import { type ReactNode, useEffect, useRef } from 'react';

/**
 * What happened after a form that is now gone ("we have sent…", "your password is changed"). It
 * takes focus when it appears, so a screen reader reads it at once and the keyboard carries on
 * from here rather than from the top of the page.
 */
export function Confirmation({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="confirmation">
      {children}
    </div>
  );
}
