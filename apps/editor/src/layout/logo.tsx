export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="22" height="22" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <circle cx="10" cy="11" r="3.2" fill="#fff" />
      <circle cx="22" cy="21" r="3.2" fill="#fff" />
      <path
        d="M12.5 12.5 C18 12.5 14 19.5 19.5 19.5"
        stroke="#fff"
        strokeWidth="2.2"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  );
}
