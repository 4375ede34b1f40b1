/** French labels of the network's enums (conventions...). Merged into enumLabels. */
export const networkEnumLabels = {} as const;
