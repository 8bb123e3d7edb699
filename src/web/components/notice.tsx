import { useEffect, useState } from 'react';

/**
 * News for the person that is not a problem ("You have signed out."), read out politely. The
 * status region is in the page before its text, because a screen reader announces a change to a
 * live region, not one that arrives already filled.
 */
export function Notice({ children }: { children: string }) {
  const [text, setText] = useState('');
  useEffect(() => setText(children), [children]);
  return <div role="status">{text ? <p className="notice">{text}</p> : null}</div>;
}
