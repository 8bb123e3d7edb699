import type { ReactNode, Ref } from 'react';

type AlertProps = {
  children: ReactNode;
  /** Lets the page move focus here (the element takes focus but is not in the tab order). */
  ref?: Ref<HTMLDivElement> | undefined;
};

/** A problem with the page as a whole, announced as soon as it appears (role alert). */
export function Alert({ children, ref }: AlertProps) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="alert">
      {children}
    </div>
  );
}
