/** A failure the user can act on, announced to screen readers; nothing when there is none. */
export function ErrorText({
  message,
  id,
}: {
  message: string | null | undefined;
  id?: string;
}): React.JSX.Element | null {
  if (!message) return null;
  return (
    <p id={id} className="error" role="alert">
      {message}
    </p>
  );
}
