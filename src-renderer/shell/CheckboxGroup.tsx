/** A fieldset of checkboxes that chooses several of `options`. */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  chosen,
  onChange,
  label,
  children,
  ...fieldset
}: {
  legend: string;
  options: readonly T[];
  chosen: readonly T[];
  onChange(next: T[]): void;
  label(option: T): React.ReactNode;
  children?: React.ReactNode;
} & Omit<React.FieldsetHTMLAttributes<HTMLFieldSetElement>, 'onChange'>): React.JSX.Element {
  return (
    <fieldset {...fieldset}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(option)}
            onChange={(event) =>
              onChange(event.target.checked ? [...chosen, option] : chosen.filter((other) => other !== option))
            }
          />
          {label(option)}
        </label>
      ))}
      {children}
    </fieldset>
  );
}
