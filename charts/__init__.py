"""Chart builders: pure ``figure(data) -> go.Figure`` functions, with the palette and template in one module."""
