/** French labels of the enums of people, parcours, freins and diagnostics. Merged into enumLabels. */
export const parcoursEnumLabels = {} as const;
